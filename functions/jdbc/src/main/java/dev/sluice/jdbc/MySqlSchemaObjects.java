package dev.sluice.jdbc;

import dev.sluice.core.model.Check;
import dev.sluice.core.model.View;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MySQL/MariaDB catalog parts beyond columns and keys: CHECK constraints, partitioning, views. */
final class MySqlSchemaObjects {
    private static final Pattern JSON_VALID = Pattern.compile("^json_valid\\(`(.+)`\\)$");

    private MySqlSchemaObjects() {
    }

    /** CHECK constraints of a table, except the json_valid() checks MariaDB uses to mark JSON columns. */
    static List<Check> checks(Connection c, String db, String table, boolean mariadb, Set<String> jsonColumns)
            throws SQLException {
        String sql = mariadb
                ? "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME"
                : "SELECT cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc"
                + " JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                + " AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME WHERE tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ?"
                + " AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY cc.CONSTRAINT_NAME";
        List<Check> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(2);
                    Matcher m = JSON_VALID.matcher(clause);
                    if (m.matches() && jsonColumns.contains(m.group(1).replace("``", "`"))) {
                        continue;
                    }
                    out.add(new Check(rs.getString(1), clause));
                }
            }
        }
        return out;
    }

    /** {@code RANGE (year(created))} for a partitioned table, else null. */
    static String partitioning(Connection c, String db, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT PARTITION_METHOD, PARTITION_EXPRESSION,"
                + " COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND PARTITION_NAME IS NOT NULL GROUP BY PARTITION_METHOD, PARTITION_EXPRESSION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " (" + rs.getString(2) + "), " + rs.getInt(3) + " partitions"
                        : null;
            }
        }
    }

    static List<View> views(Connection c, String db) throws SQLException {
        List<View> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS"
                + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null && !rs.getString(2).isBlank()) {
                        out.add(new View(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return out;
    }
}
