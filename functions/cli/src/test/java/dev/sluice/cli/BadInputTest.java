package dev.sluice.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets one clear line naming the problem and a non-zero exit, before anything is created. */
class BadInputTest {

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void servers() {
        TestServices.requireServers();
        TestServices.freshDatabase(TestServices.PG, "sluice_badinput");
    }

    static Run sluice(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOneLine(Run r, String... fragments) {
        assertNotEquals(0, r.exit(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line expected, got:\n" + line);
        assertFalse(line.contains("Exception"), "no stack trace or exception names: " + line);
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' expected in: " + line);
        }
    }

    @Test
    void unreachableHost() {
        assertOneLine(sluice("migrate", "--from", "mariadb://root@127.0.0.1:1/sakila", "--to",
                TestServices.PG + "sluice_badinput"), "127.0.0.1:1", "connection refused");
    }

    @Test
    void unknownHost() {
        assertOneLine(sluice("migrate", "--from", "mariadb://root@no-such-host.invalid:3306/sakila", "--to",
                TestServices.PG + "sluice_badinput"), "unknown host", "no-such-host.invalid");
    }

    @Test
    void wrongPassword() {
        assertOneLine(sluice("migrate", "--from", "mariadb://root:not-the-password@127.0.0.1:3306/mysql", "--to",
                TestServices.PG + "sluice_badinput"), "authentication failed", "root");
    }

    @Test
    void passwordNeverPrinted() {
        Run r = sluice("migrate", "--from", "mariadb://root:s3cret-pw@127.0.0.1:1/x", "--to",
                TestServices.PG + "sluice_badinput");
        assertFalse(r.err().contains("s3cret-pw") || r.out().contains("s3cret-pw"), r.err());
    }

    @Test
    void unknownDatabase() {
        assertOneLine(sluice("migrate", "--from", "mariadb://root@127.0.0.1:3306/no_such_db_x", "--to",
                TestServices.PG + "sluice_badinput"), "database 'no_such_db_x' does not exist");
        assertOneLine(sluice("migrate", "--from", "mariadb://root@127.0.0.1:3306/mysql", "--to",
                TestServices.PG + "no_such_db_y"), "database 'no_such_db_y' does not exist");
    }

    @Test
    void unknownTable() {
        assertOneLine(sluice("migrate", "--from", "mariadb://root@127.0.0.1:3306/mysql", "--to",
                TestServices.PG + "sluice_badinput", "--tables", "no_such_table"), "table 'no_such_table' does not exist");
    }

    @Test
    void unknownTargetSchema() {
        assertOneLine(sluice("migrate", "--from", "mariadb://root@127.0.0.1:3306/mysql", "--to",
                TestServices.PG + "sluice_badinput?currentSchema=nope", "--tables", "db"), "schema 'nope' does not exist");
    }

    @Test
    void malformedUrl() {
        Run r = sluice("migrate", "--from", "localhost:3306/db", "--to", TestServices.PG + "x");
        assertEquals(2, r.exit());
        assertOneLine(r, "must look like");
        assertOneLine(sluice("migrate", "--from", "oracle://h/db", "--to", TestServices.PG + "x"),
                "unknown database type 'oracle'");
        assertOneLine(sluice("migrate", "--from", "mysql://h:port/db", "--to", TestServices.PG + "x"),
                "port 'port' is not a number");
    }

    @Test
    void malformedConfig(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"source\": \"mysql://root@127.0.0.1/db\", \"target\": ");
        assertOneLine(sluice("migrate", "--config", bad.toString()), "not valid JSON", "line 1");
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"source\": \"mysql://root@127.0.0.1/db\", \"target\": \"postgresql://p@h/db\","
                + " \"dataBundelSize\": 100}");
        assertOneLine(sluice("migrate", "--config", typo.toString()), "unknown field 'dataBundelSize'");
        Path range = dir.resolve("range.json");
        Files.writeString(range, "{\"source\": \"mysql://root@127.0.0.1/db\", \"target\": \"postgresql://p@h/db\","
                + " \"dataBundleSize\": 5}");
        assertOneLine(sluice("migrate", "--config", range.toString()), "dataBundleSize 5 is outside 10..10000");
        assertOneLine(sluice("migrate", "--config", dir.resolve("missing.json").toString()), "does not exist");
    }

    @Test
    void unknownCommandAndOption() {
        assertEquals(2, sluice("frobnicate").exit());
        assertOneLine(sluice("migrate", "--form", "x"), "unknown option --form");
    }
}
