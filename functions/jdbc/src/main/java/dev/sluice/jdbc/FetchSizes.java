package dev.sluice.jdbc;

import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Rows a streaming read asks the driver for at a time, from the table's average row size in the catalog, so
 * the driver's buffer stays near {@link #BUFFER_BYTES} whether rows are 20 bytes or 5 MB.
 */
public final class FetchSizes {
    static final long BUFFER_BYTES = 16L * 1024 * 1024;
    static final int MYSQL_MAX = 10_000;
    static final int POSTGRES_MAX = 5_000;
    /** For custom queries, whose rows the catalog cannot size. */
    static final int UNKNOWN = 500;

    private FetchSizes() {
    }

    public static int rows(Connection c, Engine e, Table t) {
        if (t.customQuery() != null || t.schema() == null) {
            return UNKNOWN;
        }
        return rows(c, e, t.schema(), t.name());
    }

    public static int rows(Connection c, Engine e, String schema, String table) {
        int max = e == Engine.POSTGRESQL ? POSTGRES_MAX : MYSQL_MAX;
        long avg = averageRowBytes(c, e, schema, table);
        if (avg <= 0) {
            return max;
        }
        return (int) Math.max(1, Math.min(max, BUFFER_BYTES / avg));
    }

    private static long averageRowBytes(Connection c, Engine e, String schema, String table) {
        String sql = e == Engine.POSTGRESQL
                // reltuples is -1 (PostgreSQL 14+) or 0 until the table is first analysed: no estimate then
                ? "SELECT CASE WHEN c.reltuples > 0 THEN pg_table_size(c.oid) / c.reltuples ELSE 0 END"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                : "SELECT AVG_ROW_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException ex) {
            return 0; // no estimate: the default fetch size
        }
    }
}
