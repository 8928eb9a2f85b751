package dev.sluice.cli;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.types.TypeOverrides;
import dev.sluice.core.types.ValueLoss;
import dev.sluice.core.types.ValuePolicies;
import dev.sluice.core.model.Structure;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.dynamodb.DynamoDbDedupStore;
import dev.sluice.dynamodb.DynamoDbTables;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.Chunk;
import dev.sluice.jdbc.ChunkScanner;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.RefusalLog;
import dev.sluice.writer.WriterFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value the target cannot hold, under the default policy, fails the run loudly (non-zero exit, each refused
 * value named with its table, column, row key and what would accept it) and costs nothing else: the other
 * rows of the same batch and of every other batch are in the target, verification checks them, and the
 * refusals are recorded once in the target even when batches are delivered again.
 */
class FailureReportTest {

    @Test
    void refusedValuesLeaveOutOnlyTheirRowsFromMySqlIntoPostgres() throws Exception {
        TestServices.requireServers();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_fail_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE TABLE good (id INT PRIMARY KEY, name VARCHAR(20))");
            st.execute("INSERT INTO good VALUES (1, 'a'), (2, 'b')");
            st.execute("CREATE TABLE visits (id INT PRIMARY KEY, seen DATE NOT NULL, at TIME, note VARCHAR(20))");
            StringBuilder sb = new StringBuilder("INSERT INTO visits VALUES ");
            for (int i = 1; i <= 2000; i++) {
                String seen = i == 10 || i == 20 ? "0000-00-00" : "2024-01-01";
                String at = i == 20 ? "-01:00:00" : i == 1500 ? "30:00:00" : "12:00:00";
                sb.append(i > 1 ? "," : "").append('(').append(i).append(", '").append(seen).append("', '").append(at)
                        .append("', 'n").append(i).append("')");
            }
            st.execute(sb.toString());
        }
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "sluice_fail_dst");
        // 500-row batches: rows 10 and 20 share the first batch, row 1500 is in the third
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to",
                dst.toUrlWithSecret(), "--bundle", "500");
        String out = r.out() + r.err();
        assertEquals(1, r.exit(), out);
        assertTrue(out.contains("status: FAILED"), out);
        assertTrue(out.contains("visits.seen, row id=10: '0000-00-00' refused (valuePolicies.zeroDate = \"error\")"),
                out);
        assertTrue(out.contains("visits.seen, row id=20: '0000-00-00'"), out);
        assertTrue(out.contains("visits.at, row id=20: '-01:00:00' refused (valuePolicies.timeOutOfRange"), out);
        assertTrue(out.contains("visits.at, row id=1500: '30:00:00'"), out);
        assertTrue(out.contains("to accept it: set valuePolicies.zeroDate to \"null\""), out);
        assertTrue(out.contains("typeOverrides {\"visits.at\": \"interval\"}"), out);
        assertTrue(out.contains("visits: 3 row(s) left out, at 2 value(s), seen 2 value(s)"), out);
        assertTrue(out.contains("ok 1,997 rows"), "the written rows verify: " + out);
        assertTrue(out.contains("source 2,000 rows: 3 refused, left out"), out);
        assertFalse(out.contains("MISMATCH"), out);
        assertTrue(out.contains("the target holds every row but the 3 with refused values"), out);

        assertEquals(List.of(9, 11, 19, 21, 1499, 1501),
                ids(dst, "visits", "id IN (9, 10, 11, 19, 20, 21, 1499, 1500, 1501)"), "neighbours of refused rows are in");
        assertEquals(1997, ids(dst, "visits", "1 = 1").size());
        assertEquals(List.of(1, 2), ids(dst, "good", "1 = 1"));
        assertEquals(List.of("visits|at|id=1500|30:00:00|timeOutOfRange", "visits|at|id=20|-01:00:00|timeOutOfRange",
                "visits|seen|id=10|0000-00-00|zeroDate", "visits|seen|id=20|0000-00-00|zeroDate"), refusals(dst));
    }

    @Test
    void refusedValuesLeaveOutOnlyTheirRowsFromPostgresIntoMariaDb() throws Exception {
        TestServices.requireServers();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.PG, "sluice_fail_pgsrc");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE m (id int PRIMARY KEY, d date, n numeric(10,2), f double precision)");
            st.execute("INSERT INTO m SELECT i, DATE '2024-01-01' + i, i * 1.5, i / 4.0 FROM generate_series(1, 1200) i");
            st.execute("UPDATE m SET d = 'infinity' WHERE id = 5");
            st.execute("UPDATE m SET n = 'NaN', f = '-0' WHERE id = 7");
            st.execute("UPDATE m SET d = '0044-03-15 BC' WHERE id = 1100");
        }
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.MY, "sluice_fail_mydst");
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to",
                dst.toUrlWithSecret(), "--bundle", "500");
        String out = r.out() + r.err();
        assertEquals(1, r.exit(), out);
        assertTrue(out.contains("status: FAILED"), out);
        assertTrue(out.contains("m.d, row id=5: 'infinity' refused (valuePolicies.infinity = \"error\")"), out);
        assertTrue(out.contains("m.n, row id=7: 'NaN' refused (valuePolicies.notANumber"), out);
        assertTrue(out.contains("m.f, row id=7: '-0.0' refused (valuePolicies.negativeZero"), out);
        assertTrue(out.contains("m.d, row id=1100: '0044-03-15 BC' refused (valuePolicies.dateOutOfRange"), out);
        assertTrue(out.contains("ok 1,197 rows"), out);
        assertFalse(out.contains("MISMATCH"), out);
        assertEquals(List.of(4, 6, 8, 1099, 1101), ids(dst, "m", "id IN (4, 5, 6, 7, 8, 1099, 1100, 1101)"));
        assertEquals(1197, ids(dst, "m", "1 = 1").size());
        assertEquals(4, refusals(dst).size(), refusals(dst).toString());
    }

    /** A rerun under a fixed stream id reports its own refusals, not the earlier run's as well. */
    @Test
    void aRerunWithAFixedIdStartsWithACleanRecord() throws Exception {
        TestServices.requireServers();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_fail_rerun_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, d DATE)");
            st.execute("INSERT INTO t VALUES (1, '2024-01-01'), (2, '0000-00-00'), (3, '2024-01-03')");
        }
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "sluice_fail_rerun_dst");
        java.nio.file.Path config = java.nio.file.Files.createTempFile("rerun", ".json");
        java.nio.file.Files.writeString(config, dev.sluice.core.util.Json.write(Map.of("id", "rerun-fixed",
                "source", src.toUrlWithSecret(), "target", dst.toUrlWithSecret())));
        for (int run = 1; run <= 2; run++) {
            BadInputTest.Run r = BadInputTest.sluice("migrate", "--config", config.toString(), "--drop-existing");
            String out = r.out() + r.err();
            assertEquals(1, r.exit(), out);
            assertTrue(out.contains("t: 1 row(s) left out, d 1 value(s)"), "run " + run + ": " + out);
            assertTrue(out.contains("ok 2 rows"), "run " + run + ": " + out);
        }
        assertEquals(List.of("t|d|id=2|0000-00-00|zeroDate"), refusals(dst));
    }

    /** A row left out for a refused value does not count as changed by another column's policy. */
    @Test
    void aReplacementInARefusedRowIsNotCounted() throws Exception {
        TestServices.requireServers();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_fail_mixed_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE TABLE mixed (id INT PRIMARY KEY, d DATE, note VARCHAR(20))");
            st.execute("INSERT INTO mixed VALUES (1, '2024-01-01', CONCAT('a', CHAR(0), 'b')),"
                    + " (2, '0000-00-00', CONCAT('c', CHAR(0), 'd')), (3, '2024-01-03', 'e')");
        }
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "sluice_fail_mixed_dst");
        StreamConfig cfg = StreamConfig.of(src, dst, List.of())
                .withValuePolicies(new ValuePolicies(Map.of(ValueLoss.NUL_CHARACTER, "strip")));
        Structure s = TypeOverrides.apply(StreamRunner.preflight(cfg), cfg);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
        StreamRunner.Result r = new StreamRunner(TestServices.runtime(), out, false).run(cfg, s);
        ReportPrinter.print(out, r, "report");
        String report = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, r.exitCode(), report);
        assertTrue(report.contains("mixed.note: 1 value(s) changed under valuePolicies.nulCharacter = \"strip\""),
                report);
        assertTrue(report.contains("mixed.d, row id=2: '0000-00-00' refused"), report);
        assertTrue(report.contains("ok 2 rows"), report);
        assertEquals(List.of(1, 3), ids(dst, "mixed", "1 = 1"));
    }

    /**
     * Redelivered, grouped and store-forgotten batches with refused rows: rows and refusals land once. Into
     * PostgreSQL from MariaDB (zero dates), into MariaDB from PostgreSQL (infinity): every 50th row refused.
     */
    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void refusalsAreRecordedExactlyOnce(String kind) throws Exception {
        LocalRuntime rt = TestServices.runtime();
        boolean intoPg = kind.equals("postgresql");
        ConnectionUrl src = TestServices.freshDatabase(intoPg ? TestServices.MY : TestServices.PG, "sluice_refuse_once_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            if (intoPg) {
                st.execute("SET SESSION sql_mode = ''");
            }
            st.execute("CREATE TABLE ev (id INT PRIMARY KEY, d DATE, t TEXT)");
            StringBuilder sb = new StringBuilder("INSERT INTO ev VALUES ");
            for (int i = 1; i <= 300; i++) {
                sb.append(i > 1 ? "," : "").append('(').append(i).append(", '")
                        .append(i % 50 != 0 ? "2024-02-02" : intoPg ? "0000-00-00" : "infinity").append("', 'x")
                        .append(i).append("')");
            }
            st.execute(sb.toString());
        }
        ConnectionUrl dst = TestServices.freshDatabase(intoPg ? TestServices.PG : TestServices.MY, "sluice_refuse_once_dst");
        String stream = "refuse" + System.nanoTime();
        Structure s;
        List<Batch> batches = new ArrayList<>();
        try (Connection c = Jdbc.connect(src)) {
            s = Catalog.of(src.engine()).read(c, src, List.of(new TableSpec("ev", null)));
            new ChunkScanner(Dialect.of(src.engine()), src.engine(), stream, 100, 1 << 20)
                    .scan(c, Chunk.whole(s.tables().get(0), 0), batches::add);
        }
        assertEquals(3, batches.size());
        WriterFunction w = new WriterFunction(rt.dedup(), rt.sequences(), Clock.systemUTC(), Duration.ofSeconds(30), 4);
        assertTrue(w.apply(req(stream, dst, s, List.of())).ok());
        WriterResult first = w.apply(req(stream, dst, s, List.of(batches.get(0))));
        assertEquals(WriterResult.Status.APPLIED, first.status(), first.toString());
        assertEquals(98, first.rows(), "the rows written; rows 50 and 100 left out");
        assertEquals(WriterResult.Status.DUPLICATE, w.apply(req(stream, dst, s, List.of(batches.get(0)))).status());
        WriterResult group = w.apply(req(stream, dst, s, List.of(batches.get(0), batches.get(1), batches.get(2))));
        assertEquals(List.of(WriterResult.Status.DUPLICATE, WriterResult.Status.APPLIED, WriterResult.Status.APPLIED),
                group.items().stream().map(WriterResult::status).toList(), group.toString());
        // the dedup store forgot: the fence in the target still rejects the batch, and its refusals with it
        var client = rt.dynamo();
        String fresh = "sluice_batches_" + System.nanoTime();
        DynamoDbTables.ensureDedupTable(client, fresh);
        WriterFunction amnesiac = new WriterFunction(new DynamoDbDedupStore(client, fresh), rt.sequences(),
                Clock.systemUTC(), Duration.ofSeconds(30), 4);
        assertEquals(WriterResult.Status.DUPLICATE, amnesiac.apply(req(stream, dst, s, List.of(batches.get(2)))).status());

        assertEquals(294, ids(dst, "ev", "1 = 1").size());
        assertEquals(List.of(), ids(dst, "ev", "id IN (50, 100, 150, 200, 250, 300)"));
        assertEquals(List.of(49, 51, 299), ids(dst, "ev", "id IN (49, 50, 51, 299, 300)"));
        assertEquals(6, refusals(dst).size(), refusals(dst).toString());
        try (Connection c = Jdbc.connect(dst)) {
            var map = RefusalLog.read(c, Dialect.of(dst.engine()), dst.schema(), stream, 20);
            assertEquals(6, map.get("ev").rows());
            assertEquals(Map.of("d", 6L), map.get("ev").valuesPerColumn());
        }
    }

    private static WriterRequest req(String stream, ConnectionUrl dst, Structure s, List<Batch> batches) {
        return new WriterRequest(batches.isEmpty() ? WriterRequest.Op.PREPARE : WriterRequest.Op.APPLY, stream,
                dst.toUrlWithSecret(), s, batches.isEmpty() ? null : "ev",
                batches.stream().map(BatchCodec::encode).toList(), WriterRequest.Options.DEFAULT);
    }

    private static List<Integer> ids(ConnectionUrl dst, String table, String where) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + table + " WHERE " + where + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** The target's refusal record: table|column|row key|value|loss, sorted. */
    private static List<String> refusals(ConnectionUrl dst) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Jdbc.connect(dst)) {
            if (!Dialect.of(dst.engine()).tableExists(c, dst.schema(), RefusalLog.TABLE)) {
                return out;
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT table_name, column_name,"
                    + " row_key, value_text, loss FROM " + RefusalLog.TABLE)) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                            + rs.getString(5));
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void existingTargetTableStopsTheRunBeforeAnythingIsWritten() throws Exception {
        TestServices.requireServers();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_exist_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t1 (id INT PRIMARY KEY, v INT)");
            st.execute("INSERT INTO t1 VALUES (1, 1)");
            st.execute("CREATE TABLE t2 (id INT PRIMARY KEY)");
        }
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "sluice_exist_dst");
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t2 (mine text)");
            st.execute("INSERT INTO t2 VALUES ('keep me')");
        }
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to", dst.toUrlWithSecret());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("already has table(s) t2"), r.out());
        assertTrue(r.out().contains("nothing was written to the target"), r.out());
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables"
                     + " WHERE schemaname = 'public'")) {
            rs.next();
            assertEquals("t2", rs.getString(1), "only the user's own table is there: no fence, no t1");
        }
    }
}
