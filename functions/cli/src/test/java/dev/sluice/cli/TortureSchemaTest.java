package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TypeOverrides;
import dev.sluice.core.types.ValuePolicies;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A torture schema of our own (resources/torture: reserved-word, MixedCase and space identifiers, composite and
 * missing keys, duplicates, every edge value, generated columns, defaults, ON UPDATE, CHECKs, FULLTEXT/SPATIAL,
 * partitions, foreign keys, a view, a non-public PostgreSQL schema) copied in all four directions. With the
 * default policies a cross-engine copy refuses what it cannot carry (exit 1, naming the policy) and {@code check}
 * says so beforehand (exit 1); with policies chosen, every column is exact or changed under a named policy,
 * every table verifies (exit 0), and the report names each change. Same-engine copies are exact (exit 0).
 */
class TortureSchemaTest {
    static final String MY_SRC = TestServices.MY + "torture_my";
    static final String PG_SRC = TestServices.PG + "torture_pg?currentSchema=sales";

    @BeforeAll
    static void sources() throws Exception {
        TestServices.requireServers();
        load(TestServices.freshDatabase(TestServices.MY, "torture_my"), "mysql.sql", null);
        ConnectionUrl pg = TestServices.freshDatabase(TestServices.PG, "torture_pg");
        load(pg, "postgresql.sql", "CREATE SCHEMA sales");
    }

    static Stream<Arguments> directions() {
        return Stream.of(
                Arguments.of("mysql->pg", MY_SRC, TestServices.PG, Map.of("zeroDate", "null", "nulCharacter", "strip"),
                        Map.of("edge_values.tm", "interval")),
                Arguments.of("pg->mysql", PG_SRC, TestServices.MY, Map.of("infinity", "clamp", "dateOutOfRange", "null",
                        "notANumber", "null", "negativeZero", "zero"), Map.of("edge_values.n", "longtext")),
                Arguments.of("mysql->mysql", MY_SRC, TestServices.MY, Map.of(), Map.of()),
                Arguments.of("pg->pg", PG_SRC, TestServices.PG, Map.of(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void everyColumnIsExactOrChangedUnderANamedPolicy(String name, String from, String toBase,
                                                      Map<String, Object> policies, Map<String, String> overrides)
            throws Exception {
        boolean cross = !policies.isEmpty();
        String db = "torture_" + name.replace("->", "_to_");
        String to = toBase + db;

        // the default policies: a cross-engine copy would refuse values, and check says so first
        TestServices.freshDatabase(toBase, db);
        BadInputTest.Run check = BadInputTest.sluice("check", "--from", from, "--to", to);
        assertEquals(cross ? 1 : 0, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("edge_values.") && check.out().contains("CDC readiness"),
                check.out() + check.err());
        if (cross) {
            assertTrue(check.out().contains("REFUSED under valuePolicies."), check.out());
        }
        BadInputTest.Run run = BadInputTest.sluice("migrate", "--from", from, "--to", to);
        assertEquals(cross ? 1 : 0, run.exit(), run.out() + run.err());
        if (cross) {
            assertTrue(run.out().contains("    - edge_values.") && run.out().contains("refused (valuePolicies."), run.out());
            assertTrue(run.out().contains("the target holds every row but the"), "only refused rows are missing: "
                    + run.out());
            assertFalse(run.out().contains("MISMATCH"), "the written rows verify: " + run.out());
            assertTrue(run.out().contains("typeOverrides {\"edge_values."), "the message says what accepts it: " + run.out());
        } else {
            assertTrue(run.out().contains("all 11 tables verified"), run.out());
            assertStructure(ConnectionUrl.parse(from), ConnectionUrl.parse(to), run.out(), false);
            return;
        }

        // policies chosen: check passes and marks every column; the run is exact or changed under a named policy
        Path config = Files.createTempFile("torture", ".json");
        StreamConfig cfg = StreamConfig.of(ConnectionUrl.parse(from), TestServices.freshDatabase(toBase, db), List.of())
                .withValuePolicies(ValuePolicies.fromJson(policies)).withTypeOverrides(overrides);
        Files.writeString(config, dev.sluice.core.util.Json.write(Map.of("source", from, "target", to,
                "valuePolicies", policies, "typeOverrides", overrides)));
        check = BadInputTest.sluice("check", "--config", config.toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        for (String line : check.out().split("\n")) {
            assertFalse(line.contains("FAIL"), line);
        }
        for (String policy : policies.keySet()) {
            assertTrue(check.out().contains("changed " + policy + "="), policy + " named in:\n" + check.out());
        }
        Structure s = TypeOverrides.apply(StreamRunner.preflight(cfg), cfg);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        StreamRunner.Result r = new StreamRunner(TestServices.runtime(), out, false).run(cfg, s);
        ReportPrinter.print(out, r, "report");
        String report = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, r.exitCode(), report);
        assertEquals(s.tables().size(), r.verdicts().size(), report);
        for (String policy : policies.keySet()) {
            assertTrue(report.contains("changed under valuePolicies." + policy + " = \"" + policies.get(policy) + "\""),
                    policy + " reported in:\n" + report);
        }
        assertStructure(ConnectionUrl.parse(from), cfg.target(), report, true);
    }

    /** Keys, constraints, generated columns, identities and views arrived, or the report says why not. */
    private static void assertStructure(ConnectionUrl from, ConnectionUrl to, String report, boolean cross)
            throws SQLException {
        try (Connection c = Jdbc.connect(to); Statement st = c.createStatement()) {
            Structure copied = Catalog.of(to.engine()).read(c, to, List.of());
            Table lines = copied.table("Order Lines");
            assertEquals(List.of("Order", "select"), lines.primaryKey());
            assertTrue(copied.table("child").foreignKeys().stream().anyMatch(f -> f.refTable().equals("parent")));
            assertTrue(copied.table("unique_no_key").indexes().stream().anyMatch(i -> i.unique()), "UNIQUE kept");
            assertEquals(2, copied.table("checked").checks().size(), "CHECK constraints: " + copied.table("checked"));
            boolean pg = to.engine() == Engine.POSTGRESQL;
            String q = pg ? "\"" : "`";
            boolean generated = copied.table("generated").column("total").orElseThrow().isGenerated();
            assertEquals(!cross, generated, "generated columns are recreated by the same engine only");
            if (cross) {
                assertTrue(report.contains("generated.total: generated column"), report);
                assertTrue(report.contains("parted: partitioned on the source"), report);
            }
            // identity / AUTO_INCREMENT continue after the copied keys
            long max = maxId(st, q);
            st.execute("INSERT INTO " + q + "defaults" + q + " (status) VALUES ('later')");
            assertTrue(maxId(st, q) > max, "a new key follows the copied ones");
            if (copied.views().stream().anyMatch(v -> v.name().equals("v_totals"))) {
                try (var rs = st.executeQuery("SELECT COUNT(*) FROM " + q + "v_totals" + q)) {
                    rs.next();
                    assertEquals(2, rs.getInt(1));
                }
            } else {
                assertTrue(report.contains("view v_totals") && report.contains("was not created"), report);
            }
            if (from.engine() != Engine.POSTGRESQL && pg) {
                assertTrue(report.contains("ON UPDATE CURRENT_TIMESTAMP recreated as trigger"), report);
                assertTrue(report.contains("FULLTEXT index ft_docs created as GIN index"), report);
                st.execute("UPDATE defaults SET status = 'touched' WHERE id = 5");
                try (var rs = st.executeQuery("SELECT updated > '2024-01-02' FROM defaults WHERE id = 5")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "the trigger moved 'updated' like ON UPDATE CURRENT_TIMESTAMP");
                }
            }
        }
    }

    private static long maxId(Statement st, String q) throws SQLException {
        try (var rs = st.executeQuery("SELECT MAX(id) FROM " + q + "defaults" + q)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a torture SQL file: statements end with ';' at the end of a line; '--' lines are comments. */
    static void load(ConnectionUrl u, String file, String first) throws IOException, SQLException {
        String sql;
        try (InputStream in = TortureSchemaTest.class.getResourceAsStream("/torture/" + file)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        if (first != null) {
            statements.add(first);
        }
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            cur.append(line).append('\n');
            if (line.endsWith(";")) {
                statements.add(cur.substring(0, cur.length() - 2));
                cur.setLength(0);
            }
        }
        try (Connection c = Jdbc.connect(u); Statement st = c.createStatement()) {
            for (String s : statements) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new SQLException(file + ": " + e.getMessage() + "\n" + s, e);
                }
            }
        }
    }
}
