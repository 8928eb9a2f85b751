package dev.sluice.cli;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.batch.ChangeRows;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TypeOverrides;
import dev.sluice.core.types.ValueLoss;
import dev.sluice.core.types.ValuePolicies;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.ChangeLog;
import dev.sluice.jdbc.ChangeWriter;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Change capture applies the same value guards as a bulk copy: a value the default policy refuses stops the
 * table's changes loudly without applying or skipping any of them (the position stays, so a resumed stream
 * applies them once a policy is chosen); a policy's replacement is applied and counted once; generated
 * columns are left to the target.
 */
class CdcValueGuardTest {

    @Test
    void refusedValueStopsTheTableAndAPolicyLetsItThroughOnce() throws Exception {
        LocalRuntime rt = TestServices.runtime();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_cdcguard_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE visit (id INT PRIMARY KEY, d DATE, note VARCHAR(20))");
        }
        Structure s = structure(src, "visit");
        Table t = s.tables().get(0);
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "sluice_cdcguard_dst");
        String stream = "cdcguard" + System.nanoTime();
        WriterFunction w = writer(rt);
        assertTrue(w.apply(new WriterRequest(WriterRequest.Op.PREPARE, stream, dst.toUrlWithSecret(), s, null,
                List.of(), WriterRequest.Options.DEFAULT)).ok());

        byte[] b1 = change(stream, t, Action.INSERT, 1, row(1, "2024-01-01", "a"), row(2, "0000-00-00", "b"),
                row(3, "2024-01-03", "c"));
        WriterResult r = apply(w, stream, dst, s, b1);
        assertEquals(WriterResult.Status.FATAL, r.status(), r.toString());
        assertTrue(r.message().contains("column d of row id=2 holds '0000-00-00'"), r.message());
        assertTrue(r.message().contains("valuePolicies.zeroDate is \"error\""), r.message());
        assertTrue(r.message().contains("set valuePolicies.zeroDate to \"null\""), r.message());
        assertTrue(r.message().contains("was not applied, nor anything after it"), r.message());
        assertEquals(List.of(), rows(dst, "visit"), "no change of the batch is in: none skipped, none half-applied");
        assertEquals(0L, position(dst, stream, "visit"), "the position did not move");
        assertEquals(WriterResult.Status.FATAL, apply(w, stream, dst, s, b1).status(),
                "delivered again: refused again");

        // the user chooses a policy and resumes (a new writer, as after a restart): the same changes apply, once
        Structure withPolicy = TypeOverrides.apply(s, Map.of(), new ValuePolicies(Map.of(ValueLoss.ZERO_DATE, "null")));
        WriterFunction resumed = writer(rt);
        assertEquals(WriterResult.Status.APPLIED, apply(resumed, stream, dst, withPolicy, b1).status());
        assertEquals(WriterResult.Status.DUPLICATE, apply(resumed, stream, dst, withPolicy, b1).status());
        byte[] b2 = change(stream, t, Action.UPDATE, 2, row(3, 3, "0000-00-00", "c2"));
        assertEquals(WriterResult.Status.APPLIED, apply(resumed, stream, dst, withPolicy, b2).status());
        assertEquals(WriterResult.Status.DUPLICATE, apply(resumed, stream, dst, withPolicy, b2).status());
        assertEquals(List.of("1|2024-01-01|a", "2|null|b", "3|null|c2"), rows(dst, "visit"));
        assertEquals(2L, position(dst, stream, "visit"));
        try (Connection c = Jdbc.connect(dst)) {
            List<String> notes = ChangeLog.summary(c, Dialect.of(dst.engine()), dst.schema(), stream, "visit");
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).startsWith("visit.d: 2 value(s) changed under valuePolicies.zeroDate = \"null\""),
                    notes.get(0));
        }
    }

    @ParameterizedTest(name = "{0} to {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void generatedColumnsAreLeftToTheTarget(String kind) throws Exception {
        LocalRuntime rt = TestServices.runtime();
        boolean pg = kind.equals("postgresql");
        ConnectionUrl src = TestServices.freshDatabase(pg ? TestServices.PG : TestServices.MY, "sluice_cdcgen_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute(pg ? "CREATE TABLE line (id int PRIMARY KEY, price int, qty int,"
                    + " total int GENERATED ALWAYS AS (price * qty) STORED)"
                    : "CREATE TABLE line (id INT PRIMARY KEY, price INT, qty INT, total INT AS (price * qty) STORED,"
                    + " half INT AS (price DIV 2) VIRTUAL)");
        }
        Structure s = structure(src, "line");
        Table t = s.tables().get(0);
        ConnectionUrl dst = TestServices.freshDatabase(pg ? TestServices.PG : TestServices.MY, "sluice_cdcgen_dst");
        String stream = "cdcgen" + System.nanoTime();
        WriterFunction w = writer(rt);
        assertTrue(w.apply(new WriterRequest(WriterRequest.Op.PREPARE, stream, dst.toUrlWithSecret(), s, null,
                List.of(), WriterRequest.Options.DEFAULT)).ok());
        // the source's after-images carry the generated values, as Debezium sends them
        Object[] a = pg ? row(1, 2, 3, 6) : row(1, 2, 3, 6, 1);
        Object[] b = pg ? row(2, 10, 1, 10) : row(2, 10, 1, 10, 5);
        Object[] a2 = pg ? row(1, 1, 4, 3, 12) : row(1, 1, 4, 3, 12, 2);
        WriterResult r1 = apply(w, stream, dst, s, change(stream, t, Action.INSERT, 1, a, b));
        assertEquals(WriterResult.Status.APPLIED, r1.status(), r1.toString());
        WriterResult r2 = apply(w, stream, dst, s, change(stream, t, Action.UPDATE, 2, a2));
        assertEquals(WriterResult.Status.APPLIED, r2.status(), r2.toString());
        List<String> got = new ArrayList<>();
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, price, qty, total FROM line ORDER BY id")) {
            while (rs.next()) {
                got.add(rs.getInt(1) + "|" + rs.getInt(2) + "|" + rs.getInt(3) + "|" + rs.getInt(4));
            }
        }
        assertEquals(List.of("1|4|3|12", "2|10|1|10"), got, "the target computed the generated column");
    }

    /** Spatial after-images: hex EWKB into PostGIS, MySQL's own format into MariaDB; the SRID arrives. */
    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgis", "mariadb"})
    void spatialValuesOfChangesArriveWithTheirSrid(String kind) throws Exception {
        LocalRuntime rt = TestServices.runtime();
        TestServices.requirePostgis();
        boolean intoPg = kind.equals("postgis");
        ConnectionUrl src = TestServices.freshDatabase(intoPg ? TestServices.MY : TestServices.PG, "sluice_cdcgeo_src");
        ConnectionUrl dst = TestServices.freshDatabase(intoPg ? TestServices.PG : TestServices.MY, "sluice_cdcgeo_dst");
        try (Connection c = Jdbc.connect(intoPg ? dst : src); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        }
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute(intoPg ? "CREATE TABLE place (id INT PRIMARY KEY, p POINT)"
                    : "CREATE TABLE place (id int PRIMARY KEY, p geometry(Point,4326))");
        }
        Structure s = structure(src, "place").withTargetPostgis(intoPg);
        Table t = s.tables().get(0);
        String stream = "cdcgeo" + System.nanoTime();
        WriterFunction w = writer(rt);
        assertTrue(w.apply(new WriterRequest(WriterRequest.Op.PREPARE, stream, dst.toUrlWithSecret(), s, null,
                List.of(), WriterRequest.Options.DEFAULT)).ok());
        // POINT(1 2) with SRID 4326 as EWKB, little-endian: how a spatial value travels
        byte[] ewkb = java.util.HexFormat.of().parseHex("0101000020e6100000000000000000f03f0000000000000040");
        RowEncoder enc = new RowEncoder(256);
        enc.putText("p0001-0000");
        enc.putLong(1);
        enc.putBytes(ewkb);
        enc.endRow();
        byte[] b = BatchCodec.encode(Batch.of(stream, t.id(), Action.INSERT, "p0001-0000", "p0001-0000", 1,
                ChangeRows.columns(t, Action.INSERT), enc));
        WriterResult r = apply(w, stream, dst, s, b);
        assertEquals(WriterResult.Status.APPLIED, r.status(), r.toString());
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(intoPg ? "SELECT format_type(atttypid, atttypmod) || ' '"
                     + " || encode(ST_AsEWKB(p, 'NDR'), 'hex') FROM place, pg_attribute"
                     + " WHERE attrelid = 'place'::regclass AND attname = 'p'"
                     : "SELECT CONCAT(ST_SRID(p), ':', ST_AsText(p)) FROM place")) {
            assertTrue(rs.next());
            assertEquals(intoPg ? "geometry(Point) 0101000020e6100000000000000000f03f0000000000000040"
                    : "4326:POINT(1 2)", rs.getString(1));
        }
    }

    private static Structure structure(ConnectionUrl src, String table) throws Exception {
        try (Connection c = Jdbc.connect(src)) {
            return Catalog.of(src.engine()).read(c, src, List.of(new TableSpec(table, null)));
        }
    }

    private static WriterFunction writer(LocalRuntime rt) {
        return new WriterFunction(rt.dedup(), rt.sequences(), Clock.systemUTC(), Duration.ofSeconds(30), 4);
    }

    private static WriterResult apply(WriterFunction w, String stream, ConnectionUrl dst, Structure s, byte[] b) {
        WriterResult r = w.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s,
                s.tables().get(0).id(), List.of(b), WriterRequest.Options.DEFAULT));
        return r.items().isEmpty() ? r : r.items().get(0);
    }

    private static Object[] row(Object... v) {
        return v;
    }

    private static byte[] change(String stream, Table t, Action a, long seq, Object[]... rows) {
        RowEncoder enc = new RowEncoder(1024);
        int n = 0;
        for (Object[] r : rows) {
            enc.putText(String.format("p%04d-%04d", seq, n++));
            for (Object v : r) {
                if (v == null) {
                    enc.putNull();
                } else if (v instanceof Integer i) {
                    enc.putLong(i);
                } else {
                    enc.putText((String) v);
                }
            }
            enc.endRow();
        }
        return BatchCodec.encode(Batch.of(stream, t.id(), a, String.format("p%04d-%04d", seq, 0),
                String.format("p%04d-%04d", seq, rows.length - 1), seq, ChangeRows.columns(t, a), enc));
    }

    private static List<String> rows(ConnectionUrl dst, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return out;
    }

    private static long position(ConnectionUrl dst, String stream, String table) throws Exception {
        try (Connection c = Jdbc.connect(dst)) {
            return (Long) ChangeWriter.position(c, dst.engine(), dst.schema(), stream, table)[0];
        }
    }
}
