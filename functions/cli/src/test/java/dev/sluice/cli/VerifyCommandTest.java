package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice verify} on the real servers (MariaDB source, PostgreSQL target): equal tables exit 0; a changed
 * value, a missing row and a missing table each exit 1 naming the table and what differs; {@code --wait}
 * checks again until a change that arrives late makes the tables equal.
 */
class VerifyCommandTest {
    private static final String RUN = "v" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static ConnectionUrl src;
    private static ConnectionUrl dst;

    @BeforeAll
    static void copy() throws SQLException {
        TestServices.requireServers();
        src = TestServices.freshDatabase(TestServices.MY, "sluice_verify_" + RUN + "_src");
        dst = TestServices.freshDatabase(TestServices.PG, "sluice_verify_" + RUN + "_dst");
        exec(src, "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))",
                "INSERT INTO items VALUES (1, 'tea ✓', 2.50), (2, 'Zoë''s jam', 4.00), (3, NULL, 0.01)",
                "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)",
                "INSERT INTO notes VALUES (1, 'a'), (2, 'b')");
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to", dst.toUrlWithSecret());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @AfterAll
    static void drop() throws SQLException {
        CdcEndToEndTest.dropDatabase(src);
        CdcEndToEndTest.dropDatabase(dst);
    }

    private static void exec(ConnectionUrl u, String... sql) throws SQLException {
        try (Connection c = Jdbc.connect(u); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static BadInputTest.Run verify(String... extra) {
        String[] base = {"verify", "--from", src.toUrlWithSecret(), "--to", dst.toUrlWithSecret()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return BadInputTest.sluice(args);
    }

    @Test
    void equalTablesExitZeroAndDifferencesAreNamed() throws Exception {
        BadInputTest.Run ok = verify();
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("items") && ok.out().contains("ok 3 rows"), ok.out());
        assertTrue(ok.out().contains("status: EQUAL, all 2 table(s)"), ok.out());

        exec(dst, "UPDATE items SET price = 2.51 WHERE id = 1", "DELETE FROM notes WHERE id = 2");
        try {
            BadInputTest.Run bad = verify();
            assertEquals(1, bad.exit(), bad.out() + bad.err());
            assertTrue(bad.out().contains("DIFFERS: content checksum differs"), bad.out());
            assertTrue(bad.out().contains("DIFFERS: row count differs: source 2, target 1"), bad.out());
            assertTrue(bad.out().contains("status: DIFFERENT, 2 of 2 table(s) differ"), bad.out());

            // the missing row arrives while verify --wait checks again (as a replication's last changes do)
            exec(dst, "UPDATE items SET price = 2.50 WHERE id = 1");
            Thread late = new Thread(() -> {
                try {
                    Thread.sleep(3_000);
                    exec(dst, "INSERT INTO notes VALUES (2, 'b')");
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            late.start();
            BadInputTest.Run waited = verify("--wait", "60");
            late.join();
            assertEquals(0, waited.exit(), waited.out() + waited.err());
            assertTrue(waited.out().contains("check 1: 1 of 2 table(s) differ (notes); checking again"), waited.out());
            assertTrue(waited.out().contains("status: EQUAL"), waited.out());
        } finally {
            exec(dst, "UPDATE items SET price = 2.50 WHERE id = 1");
            exec(dst, "INSERT INTO notes SELECT 2, 'b' WHERE NOT EXISTS (SELECT 1 FROM notes WHERE id = 2)");
        }
    }

    @Test
    void aMissingTargetTableIsADifference() throws Exception {
        exec(src, "CREATE TABLE extra (id INT PRIMARY KEY)");
        try {
            BadInputTest.Run r = verify("--tables", "items,extra", "--wait", "3");
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("extra") && r.out().contains("DIFFERS: verification failed"), r.out());
            assertTrue(r.out().contains("items") && r.out().contains("ok 3 rows"), r.out());
        } finally {
            exec(src, "DROP TABLE extra");
        }
    }

    @Test
    void badOptionsAreOneLine() {
        BadInputTest.Run r = verify("--wait", "soon");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--wait needs a whole number, got 'soon'"), r.err());
        BadInputTest.Run unknown = verify("--drop-existing");
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("unknown option --drop-existing for verify"), unknown.err());
    }
}
