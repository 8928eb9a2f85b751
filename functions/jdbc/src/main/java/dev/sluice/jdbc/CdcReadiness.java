package dev.sluice.jdbc;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a source can feed change data capture, checked before anything starts: each problem is one line
 * saying what to change (PostgreSQL: wal_level, replication privilege; MySQL/MariaDB: binary log on, ROW
 * format, FULL row image, a server id; every table needs a primary key).
 */
public final class CdcReadiness {
    private CdcReadiness() {
    }

    public static List<String> problems(ConnectionUrl source, Structure s) {
        List<String> out = new ArrayList<>();
        try (Connection c = Jdbc.connect(source)) {
            if (source.engine() == Engine.POSTGRESQL) {
                String wal = one(c, "SHOW wal_level");
                if (!"logical".equals(wal)) {
                    out.add("PostgreSQL wal_level is '" + wal + "': set wal_level = logical in postgresql.conf"
                            + " (ALTER SYSTEM SET wal_level = logical) and restart the server");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user");
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        out.add("user '" + source.user() + "' may not replicate: ALTER ROLE " + source.user()
                                + " WITH REPLICATION");
                    }
                }
            } else {
                expect(c, "log_bin", "ON", "the binary log is off: set log_bin (and server_id) in my.cnf and restart",
                        out);
                expect(c, "binlog_format", "ROW", "binlog_format must be ROW: SET GLOBAL binlog_format = 'ROW' and"
                        + " set it in my.cnf", out);
                expect(c, "binlog_row_image", "FULL", "binlog_row_image must be FULL: SET GLOBAL binlog_row_image ="
                        + " 'FULL' and set it in my.cnf", out);
                String id = variable(c, "server_id");
                if (id == null || id.equals("0")) {
                    out.add("server_id is 0: set server_id to a non-zero value in my.cnf and restart");
                }
            }
        } catch (SQLException e) {
            out.add("cannot check CDC settings of " + source + ": " + DatabaseException.firstLine(e.getMessage()));
        }
        for (Table t : s.tables()) {
            if (!t.hasPrimaryKey()) {
                out.add("table " + t.name() + " has no primary key: changes cannot be applied by key (add one, or"
                        + " leave the table out with --tables)");
            }
        }
        return out;
    }

    private static void expect(Connection c, String var, String want, String fix, List<String> out) throws SQLException {
        String v = variable(c, var);
        if (v == null || !v.equalsIgnoreCase(want)) {
            out.add(var + " is " + (v == null ? "not set" : "'" + v + "'") + ": " + fix);
        }
    }

    private static String variable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES LIKE ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
