package dev.sluice.jdbc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.types.TargetType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MySQL bulk path on the local MariaDB: LOAD DATA LOCAL for batches that load exactly as sent, and strict
 * INSERTs (a loud error, nothing half-written) for a batch the server would only have warned about.
 */
class MySqlLoadDataWriterTest {
    private static final String DB = "sluice_load_data_test";
    private static final ConnectionUrl URL = ConnectionUrl.parse("mysql://root@127.0.0.1:3306/" + DB);

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection c = Jdbc.connect(ConnectionUrl.parse("mysql://root@127.0.0.1:3306/mysql"));
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4");
        }
        try (Connection c = Jdbc.connect(URL); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE src (id int PRIMARY KEY, v varchar(40), b varbinary(8), y year, d double)");
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = Jdbc.connect(URL); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE " + DB);
        }
    }

    @Test
    void aPlainBatchLoadsWithLoadDataExactlyAsSent() throws SQLException {
        try (Connection c = Jdbc.connect(URL); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE dst1 LIKE src");
            Table t = table("dst1");
            RowEncoder e = new RowEncoder(256);
            row(e, 1, "tab\there\\ and\nnewline", new byte[] {0, (byte) 0xff, '\t', '\\', '\n', 'N'}, 0, -0.5);
            row(e, 2, "😀 漢字", null, 2155, 1e-300);
            row(e, 3, "\\N", new byte[0], 1901, Double.MAX_VALUE);
            c.setAutoCommit(false);
            long loadsBefore = status(c, "Com_load");
            long written = new MySqlLoadDataWriter().write(c, batch(t, e), t, types(t), DB, false).rows();
            c.commit();
            assertEquals(3, written);
            assertEquals(loadsBefore + 1, status(c, "Com_load"), "one LOAD DATA, no INSERT fallback");
            try (ResultSet rs = st.executeQuery("SELECT id, v, HEX(b), y, d FROM dst1 ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("tab\there\\ and\nnewline", rs.getString(2));
                assertEquals("00FF095C0A4E", rs.getString(3));
                assertEquals(0, rs.getInt(4), "year 0 stays 0 (as the text '0' it would be 2000)");
                assertEquals("0000", rs.getString(4));
                assertEquals(-0.5, rs.getDouble(5));
                assertTrue(rs.next());
                assertEquals("😀 漢字", rs.getString(2));
                assertEquals(null, rs.getString(3));
                assertEquals(2155, rs.getInt(4));
                assertEquals(1e-300, rs.getDouble(5));
                assertTrue(rs.next());
                assertEquals("\\N", rs.getString(2), "the text \\N is not NULL");
                assertEquals("", rs.getString(3));
                assertEquals(Double.MAX_VALUE, rs.getDouble(5));
            }
        }
    }

    @Test
    void aBatchTheServerWouldOnlyWarnAboutFailsLoudlyAndLeavesNothing() throws SQLException {
        try (Connection c = Jdbc.connect(URL); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE dst2 (id int PRIMARY KEY, v varchar(3), b varbinary(8), y year, d double)");
            Table t = table("dst2");
            RowEncoder e = new RowEncoder(256);
            row(e, 1, "fit", null, 2000, 1);
            row(e, 2, "too long for three", null, 2000, 2);
            c.setAutoCommit(false);
            long insertsBefore = status(c, "Com_insert");
            SQLException ex = assertThrows(SQLException.class,
                    () -> new MySqlLoadDataWriter().write(c, batch(t, e), t, types(t), DB, false));
            assertTrue(ex.getMessage().contains("Data too long"), ex.getMessage());
            assertEquals(insertsBefore + 1, status(c, "Com_insert"), "the strict INSERT said what LOAD DATA only warned about");
            c.rollback();
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dst2")) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    private static Table table(String name) throws SQLException {
        try (Connection c = Jdbc.connect(URL)) {
            return Catalog.of(URL.engine()).read(c, URL, List.of(new TableSpec(name, null))).tables().get(0);
        }
    }

    private static List<TargetType> types(Table t) {
        return Dialect.targetColumns(t, CastRules.forDirection(URL.engine(), URL.engine()));
    }

    private static Batch batch(Table t, RowEncoder e) {
        return Batch.of("s", t.id(), Action.INSERT, "1", "3", 0, t.columns().size(), e);
    }

    private static void row(RowEncoder e, int id, String v, byte[] b, long year, double d) {
        e.beginRow();
        e.putLong(id);
        if (v == null) {
            e.putNull();
        } else {
            e.putTextUtf8(v.getBytes(StandardCharsets.UTF_8));
        }
        if (b == null) {
            e.putNull();
        } else {
            e.putBytes(b);
        }
        e.putLong(year);
        e.putDouble(d);
        e.endRow();
    }

    private static long status(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
