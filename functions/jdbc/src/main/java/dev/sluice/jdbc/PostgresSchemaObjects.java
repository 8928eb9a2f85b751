package dev.sluice.jdbc;

import dev.sluice.core.model.Check;
import dev.sluice.core.model.View;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL catalog parts beyond columns and keys: CHECK constraints, partitioning, views. */
final class PostgresSchemaObjects {
    private PostgresSchemaObjects() {
    }

    /** Validated CHECK constraints of a table, as {@code (condition)}. */
    static List<Check> checks(Connection c, long oid) throws SQLException {
        List<Check> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ? AND contype = 'c' AND convalidated ORDER BY conname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(2);
                    out.add(new Check(rs.getString(1), def.startsWith("CHECK ") ? def.substring(6) : def));
                }
            }
        }
        return out;
    }

    /** {@code RANGE (created)} for a partitioned table, else null. */
    static String partitioning(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_partkeydef(c.oid), (SELECT count(*) FROM"
                + " pg_inherits WHERE inhparent = c.oid) FROM pg_class c WHERE c.oid = ? AND c.relkind = 'p'")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + ", " + rs.getInt(2) + " partitions" : null;
            }
        }
    }

    /** Views of the schema (materialized views are not views: they are left out). */
    static List<View> views(Connection c, String schema) throws SQLException {
        List<View> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'v'"
                + " ORDER BY c.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(2).trim();
                    out.add(new View(rs.getString(1), def.endsWith(";") ? def.substring(0, def.length() - 1) : def));
                }
            }
        }
        return out;
    }
}
