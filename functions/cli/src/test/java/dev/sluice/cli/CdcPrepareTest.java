package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replicate --mode cdc} creates the target tables that are missing (with their keys) and uses the
 * existing ones as they are, and leaves nothing else in the target: no {@code _sluice_fence}.
 */
class CdcPrepareTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb->postgresql", "postgresql->mariadb"})
    void missingTablesAreCreatedAndNothingIsLeftBehind(String direction) throws Exception {
        LocalRuntime rt = TestServices.runtime();
        boolean my = direction.startsWith("mariadb");
        ConnectionUrl src = TestServices.freshDatabase(my ? TestServices.MY : TestServices.PG, "sluice_cdc_prep_src");
        ConnectionUrl dst = TestServices.freshDatabase(my ? TestServices.PG : TestServices.MY, "sluice_cdc_prep_dst");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE present (id INT PRIMARY KEY, v VARCHAR(20))");
            st.execute("CREATE TABLE missing (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL, n INT)");
            st.execute("CREATE INDEX missing_n ON missing (n)");
        }
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE present (id INT PRIMARY KEY, v VARCHAR(20), kept INT)");
            st.execute("INSERT INTO present VALUES (1, 'x', 7)");
        }
        StreamConfig cfg = StreamConfig.fromJson("{\"id\": \"prep" + System.nanoTime() % 100000 + "\", \"source\": \""
                + src.toUrlWithSecret() + "\", \"target\": \"" + dst.toUrlWithSecret() + "\"}");
        Structure s = StreamRunner.preflight(cfg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Replicate.prepareTargetTables(rt, cfg, s, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("created 1 table(s) the target lacked: missing"),
                out.toString(StandardCharsets.UTF_8));

        Dialect d = Dialect.of(dst.engine());
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement()) {
            assertTrue(d.tableExists(c, dst.schema(), "missing"));
            assertFalse(d.tableExists(c, dst.schema(), Dialect.FENCE_TABLE), "no fence table is left in the target");
            try (ResultSet rs = st.executeQuery("SELECT kept FROM present WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1), "an existing table is used as it is");
            }
            st.execute("INSERT INTO missing (id, v, n) VALUES (1, 'a', 2)");
            try {
                st.execute("INSERT INTO missing (id, v, n) VALUES (1, 'b', 3)");
                throw new AssertionError("the created table has no primary key");
            } catch (java.sql.SQLException expected) {
                // duplicate key: the key came along
            }
        }
        // a second run finds nothing to create and still leaves nothing behind
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Replicate.prepareTargetTables(rt, cfg, s, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals("", again.toString(StandardCharsets.UTF_8));
        try (Connection c = Jdbc.connect(dst)) {
            assertFalse(d.tableExists(c, dst.schema(), Dialect.FENCE_TABLE));
        }
        // an empty target: every table is created, and still no fence table stays
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement()) {
            st.execute("DROP TABLE present");
            st.execute("DROP TABLE missing");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Replicate.prepareTargetTables(rt, cfg, s, new PrintStream(all, true, StandardCharsets.UTF_8));
        assertTrue(all.toString(StandardCharsets.UTF_8).contains("created 2 table(s)"), all.toString(StandardCharsets.UTF_8));
        try (Connection c = Jdbc.connect(dst)) {
            assertTrue(d.tableExists(c, dst.schema(), "present") && d.tableExists(c, dst.schema(), "missing"));
            assertFalse(d.tableExists(c, dst.schema(), Dialect.FENCE_TABLE), "no fence table is left in the target");
        }
        CdcEndToEndTest.dropDatabase(src);
        CdcEndToEndTest.dropDatabase(dst);
    }
}
