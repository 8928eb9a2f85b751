package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Structure;
import dev.sluice.core.types.TypeOverrides;
import dev.sluice.core.types.ValuePolicies;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden type tests against the real servers: per direction a file of (source type, sample value, expected
 * target type, expected value read back); each case becomes a source table with the value and a NULL, copied
 * through the whole pipeline, and the target's type and values are read back and compared exactly. Cases the
 * default policies refuse must fail their run naming the policy. Sessions inserting the source data run in
 * non-UTC time zones, and the target database has a non-UTC default time zone, so instants prove to be
 * carried whatever the servers' zones are.
 */
class GoldenTypesTest {

    static Stream<Arguments> directions() {
        return Stream.of(
                Arguments.of("mysql-to-postgresql.tsv", TestServices.MY, TestServices.PG),
                Arguments.of("postgresql-to-mysql.tsv", TestServices.PG, TestServices.MY),
                Arguments.of("mysql-to-mysql.tsv", TestServices.MY, TestServices.MY),
                Arguments.of("postgresql-to-postgresql.tsv", TestServices.PG, TestServices.PG));
    }

    /** Spatial types with PostGIS in the PostgreSQL databases; without PostGIS they go to bytea (above). */
    static Stream<Arguments> postgisDirections() {
        return Stream.of(
                Arguments.of("mysql-to-postgis.tsv", TestServices.MY, TestServices.PG),
                Arguments.of("postgis-to-mysql.tsv", TestServices.PG, TestServices.MY),
                Arguments.of("postgis-to-postgis.tsv", TestServices.PG, TestServices.PG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void everyValueArrivesExactlyOrIsRefusedNamingItsPolicy(String file, String from, String to) throws Exception {
        run(file, from, to, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgisDirections")
    void spatialValuesArriveExactlyWithPostgis(String file, String from, String to) throws Exception {
        TestServices.requirePostgis();
        run(file, from, to, true);
    }

    /**
     * A PostgreSQL source with PostGIS columns and a PostgreSQL target without PostGIS: the pre-flight stops
     * before anything is written, naming the columns and the fix; MySQL spatial columns into such a target go
     * to bytea and the run says why.
     */
    @Test
    void withoutPostgisInTheTargetSpatialColumnsAreLoud() throws Exception {
        TestServices.requirePostgis();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.PG, "golden_gis_src");
        exec(src, "CREATE EXTENSION postgis");
        exec(src, "CREATE TABLE place (id int PRIMARY KEY, p geometry(Point,4326))");
        exec(src, "INSERT INTO place VALUES (1, ST_GeomFromText('POINT(1 2)', 4326))");
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "golden_gis_plain_dst");
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to", dst.toUrlWithSecret());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("the source's PostGIS columns (place.p) need PostGIS in target")
                && r.err().contains("CREATE EXTENSION postgis"), r.err());
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing was created");
        }

        ConnectionUrl my = TestServices.freshDatabase(TestServices.MY, "golden_gis_mysrc");
        exec(my, "CREATE TABLE place (id int PRIMARY KEY, p point)");
        exec(my, "INSERT INTO place VALUES (1, ST_GeomFromText('POINT(1 2)', 4326))");
        ConnectionUrl dst2 = TestServices.freshDatabase(TestServices.PG, "golden_gis_plain_dst2");
        BadInputTest.Run r2 = BadInputTest.sluice("migrate", "--from", my.toUrlWithSecret(), "--to", dst2.toUrlWithSecret());
        assertEquals(0, r2.exit(), r2.out() + r2.err());
        assertTrue(r2.out().contains("spatial columns (place.p): bytea holding WKB/EWKB, as the target database has no"
                + " PostGIS extension"), r2.out());
    }

    /** With PostGIS in the target, a MySQL SPATIAL index becomes a GiST index on the geometry column. */
    @Test
    void aSpatialIndexBecomesAGistIndexWithPostgis() throws Exception {
        TestServices.requirePostgis();
        ConnectionUrl my = TestServices.freshDatabase(TestServices.MY, "golden_gist_src");
        exec(my, "CREATE TABLE place (id int PRIMARY KEY, p point NOT NULL, SPATIAL KEY sp_p (p))");
        exec(my, "INSERT INTO place VALUES (1, ST_GeomFromText('POINT(1 2)', 4326)), (2, ST_GeomFromText('POINT(3 4)'))");
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "golden_gist_dst");
        exec(dst, "CREATE EXTENSION postgis");
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", my.toUrlWithSecret(), "--to", dst.toUrlWithSecret());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("place: SPATIAL index sp_p created as PostGIS GiST index"), r.out());
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = 'place'"
                     + " AND indexdef LIKE '%gist%'")) {
            assertTrue(rs.next(), "a GiST index on place");
            assertTrue(rs.getString(1).contains("USING gist (p)"), rs.getString(1));
        }
    }

    private void run(String file, String from, String to, boolean postgis) throws Exception {
        GoldenFile g = GoldenFile.load(file);
        LocalRuntime rt = TestServices.runtime();
        String tag = file.replace(".tsv", "").replace("postgresql", "pg").replace("-to-", "_").replace('-', '_');
        ConnectionUrl src = TestServices.freshDatabase(from, "golden_src_" + tag);
        ConnectionUrl dst = TestServices.freshDatabase(to, "golden_dst_" + tag);
        if (postgis && dst.engine() == Engine.POSTGRESQL) {
            exec(dst, "CREATE EXTENSION IF NOT EXISTS postgis");
        }
        createSource(src, g);
        if (dst.engine() == Engine.POSTGRESQL) {
            exec(dst, "ALTER DATABASE " + dst.database() + " SET timezone TO 'Pacific/Auckland'");
        }
        Map<String, List<GoldenFile.Line>> groups = new LinkedHashMap<>();
        g.lines().forEach(l -> groups.computeIfAbsent(l.group(), k -> new ArrayList<>()).add(l));
        List<String> failures = new ArrayList<>();
        for (List<GoldenFile.Line> group : groups.values()) {
            StreamConfig cfg = config(src, dst, group);
            Structure s = TypeOverrides.apply(StreamRunner.preflight(cfg), cfg);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            StreamRunner.Result r = new StreamRunner(rt, out, false).run(cfg, s);
            ReportPrinter.print(out, r, "report");
            String report = log.toString(StandardCharsets.UTF_8);
            GoldenFile.Line first = group.get(0);
            if (first.refused()) {
                String policy = first.expected().substring(1);
                if (r.exitCode() != 1 || !report.contains("valuePolicies." + policy) || !report.contains(first.table())) {
                    failures.add(first + ": expected a failed run naming valuePolicies." + policy + ", got exit "
                            + r.exitCode() + ":\n" + report);
                }
                continue;
            }
            if (r.exitCode() != 0) {
                failures.add(group + ": run failed:\n" + report);
                continue;
            }
            try (Connection c = Jdbc.connect(dst)) {
                for (GoldenFile.Line l : group) {
                    compare(c, dst.engine(), l, failures);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + g.lines().size() + " golden cases of " + file
                + " differ:\n" + String.join("\n", failures));
    }

    /** A single row larger than the hub's message limit cannot travel: the run fails naming table and row. */
    @Test
    void aRowLargerThanTheHubMessageLimitFailsLoudly() throws Exception {
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "golden_big_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE big (id int PRIMARY KEY, v longblob)");
            // 12 MB: past the 8 MiB max_payload local/services.sh gives NATS (and past NATS's 1 MiB default)
            st.execute("INSERT INTO big VALUES (1, REPEAT(X'00FF', 100)), (7, REPEAT(X'00FF', 6000000))");
        }
        TestServices.freshDatabase(TestServices.PG, "golden_big_dst");
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to",
                TestServices.PG + "golden_big_dst");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("a row of table big (7) is") && r.out().contains("raise max_payload"), r.out());
    }

    private static StreamConfig config(ConnectionUrl src, ConnectionUrl dst, List<GoldenFile.Line> group) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, Object> policies = new LinkedHashMap<>();
        for (GoldenFile.Line l : group) {
            l.options().forEach((k, v) -> {
                if (k.equals("override")) {
                    overrides.put(l.table() + ".v", v);
                } else {
                    policies.put(k, v);
                }
            });
        }
        return StreamConfig.of(src, dst, group.stream().map(l -> new TableSpec(l.table(), null)).toList())
                .withTypeOverrides(overrides).withValuePolicies(ValuePolicies.fromJson(policies));
    }

    private static void createSource(ConnectionUrl src, GoldenFile g) throws SQLException {
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            boolean pg = src.engine() == Engine.POSTGRESQL;
            st.execute(pg ? "SET TimeZone = 'America/New_York'" : "SET time_zone = '+05:30'");
            if (pg) {
                st.execute("ALTER DATABASE " + src.database() + " SET timezone TO 'Asia/Kathmandu'");
            }
            for (String sql : g.setup()) {
                st.execute(sql);
            }
            for (GoldenFile.Line l : g.lines()) {
                String q = pg ? "\"" : "`";
                try {
                    st.execute("CREATE TABLE " + q + l.table() + q + " (id int PRIMARY KEY, v " + l.sourceType() + ")");
                    String insert = "INSERT INTO " + q + l.table() + q + " (id, v) VALUES (1, " + l.sql() + ")"
                            + (l.nullRow() ? ", (2, NULL)" : "");
                    if (l.nonstrict()) {
                        st.execute("SET SESSION sql_mode = ''");
                        st.execute(insert);
                        st.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
                    } else {
                        st.execute(insert);
                    }
                } catch (SQLException e) {
                    throw new SQLException(g.name() + ":" + l.number() + " (" + l.sourceType() + "): " + e.getMessage(), e);
                }
            }
        }
    }

    private static void compare(Connection c, Engine target, GoldenFile.Line l, List<String> failures)
            throws Exception {
        String type = targetType(c, target, l.table());
        if (!type.equalsIgnoreCase(l.targetType())) {
            failures.add(l + ": target type " + type + ", expected " + l.targetType());
        }
        String expr = readBack(target, type);
        String q = target == Engine.POSTGRESQL ? "\"" : "`";
        List<String> got = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + expr + " FROM " + q + l.table() + q + " ORDER BY id")) {
            while (rs.next()) {
                got.add(rs.getString(1));
            }
        }
        String want = l.expected();
        String value = got.isEmpty() ? "<no row>" : got.get(0);
        boolean ok = want.startsWith("md5:") ? want.substring(4).equals(md5(value))
                : java.util.Objects.equals(GoldenFile.unescape(want), value);
        if (!ok) {
            failures.add(l + ": read back " + show(value) + (want.startsWith("md5:") ? " (md5 " + md5(value) + ")" : "")
                    + ", expected " + want);
        }
        if (l.nullRow() && (got.size() != 2 || got.get(1) != null)) {
            failures.add(l + ": the NULL row came back as " + (got.size() > 1 ? show(got.get(1)) : "<missing>"));
        }
    }

    /** The target column's type as its catalog prints it. */
    private static String targetType(Connection c, Engine e, String table) throws SQLException {
        String sql = e == Engine.POSTGRESQL
                ? "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relname = ?"
                + " AND a.attname = 'v'"
                : "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
                + " AND COLUMN_NAME = 'v'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "<no column>";
            }
        }
    }

    /**
     * How a value is read back as text: binary as lowercase hex, MySQL FLOAT as its exact double value, MySQL
     * temporal values as the server prints them.
     */
    static String readBack(Engine e, String type) {
        String t = type.toLowerCase();
        if (e == Engine.POSTGRESQL) {
            if (t.startsWith("geometry")) {
                return "encode(ST_AsEWKB(v, 'NDR'), 'hex')"; // PostGIS: the value's bytes, SRID included
            }
            return t.equals("bytea") ? "encode(v, 'hex')" : "v";
        }
        if (t.contains("binary") || t.contains("blob")) {
            return "LOWER(HEX(v))";
        }
        if (t.startsWith("bit")) {
            return "BIN(v)";
        }
        if (t.startsWith("datetime") || t.startsWith("timestamp") || t.startsWith("time")) {
            return "CAST(v AS CHAR)"; // the server's text: the driver misprints DATETIME(3) .070 as .70000
        }
        if (t.startsWith("float")) {
            return "CAST(v AS DOUBLE)";
        }
        if (t.matches("(geometry|point|linestring|polygon|multi.*|geometrycollection).*")) {
            return "CONCAT(ST_SRID(v), ':', ST_AsText(v))";
        }
        return "v";
    }

    private static String show(String v) {
        if (v == null) {
            return "\\N";
        }
        return v.length() > 200 ? "'" + v.substring(0, 200) + "...' (" + v.length() + " chars)" : "'" + v + "'";
    }

    static String md5(String v) throws Exception {
        return v == null ? "null" : HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(v.getBytes(StandardCharsets.UTF_8)));
    }

    private static void exec(ConnectionUrl u, String sql) throws SQLException {
        try (Connection c = Jdbc.connect(u); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
