package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value the target refuses fails the run loudly: non-zero exit, the table and the value's problem named,
 * the partially loaded tables listed, and the rows that did fit are not silently dropped from the report.
 */
class FailureReportTest {

    @Test
    void refusedValueFailsTheRunAndReportsWhatWasLeftBehind() throws Exception {
        TestServices.requireServers();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_fail_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE TABLE good (id INT PRIMARY KEY, name VARCHAR(20))");
            st.execute("INSERT INTO good VALUES (1, 'a'), (2, 'b')");
            st.execute("CREATE TABLE visits (id INT PRIMARY KEY, seen DATE NOT NULL)");
            StringBuilder sb = new StringBuilder("INSERT INTO visits VALUES ");
            for (int i = 1; i <= 2000; i++) {
                sb.append(i > 1 ? "," : "").append('(').append(i).append(", '")
                        .append(i == 1500 ? "0000-00-00" : "2024-01-01").append("')");
            }
            st.execute(sb.toString());
        }
        TestServices.freshDatabase(TestServices.PG, "sluice_fail_dst");
        BadInputTest.Run r = BadInputTest.sluice("migrate", "--from", src.toUrlWithSecret(), "--to",
                TestServices.PG + "sluice_fail_dst");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("status: FAILED"), r.out());
        assertTrue(r.out().contains("error: table visits"), r.out());
        assertTrue(r.out().contains("0000-00-00"), "the refused value is named: " + r.out());
        assertTrue(r.out().contains("target left partially loaded"), r.out());
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
