package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;
import dev.sluice.core.stats.TableChecksum;
import dev.sluice.core.types.Canonical;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Computes a table's row count and order-independent content checksum on one side. Values are read in the
 * canonical form of the <em>source</em> column's kind on both sides, so a copy compares equal across
 * engines exactly when every value was carried.
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * @param side      the engine of the database being read (source or target)
     * @param source    the source table definition (its kinds drive canonicalisation)
     * @param schema    schema/database of the table on this side
     * @param fromQuery read the source table's custom query instead of the table
     */
    public static TableChecksum checksum(Connection c, Engine side, Table source, String schema, boolean fromQuery)
            throws SQLException {
        Dialect d = Dialect.of(side);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < source.columns().size(); i++) {
            Column col = source.columns().get(i);
            String expr = d.quote(col.name());
            if (side.isMySqlFamily() && (col.kind() == SqlKind.GEOMETRY || col.kind() == SqlKind.BIT)) {
                expr = d.readExpression(col);
            }
            sql.append(i > 0 ? ", " : "").append(expr);
        }
        String from = fromQuery && source.customQuery() != null ? "(" + source.customQuery() + ") sluice_q"
                : d.qualified(schema, source.name());
        sql.append(" FROM ").append(from);
        boolean auto = c.getAutoCommit();
        if (side == Engine.POSTGRESQL) {
            c.setAutoCommit(false);
        }
        TableChecksum sum = new TableChecksum();
        try (PreparedStatement ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(side == Engine.POSTGRESQL ? 5_000 : 10_000);
            try (ResultSet rs = ps.executeQuery()) {
                int n = source.columns().size();
                while (rs.next()) {
                    sum.beginRow();
                    for (int i = 0; i < n; i++) {
                        add(sum, rs, i + 1, source.columns().get(i), side);
                    }
                    sum.endRow();
                }
            }
        } finally {
            if (side == Engine.POSTGRESQL) {
                c.commit();
                c.setAutoCommit(auto);
            }
        }
        return sum;
    }

    private static void add(TableChecksum sum, ResultSet rs, int i, Column c, Engine side) throws SQLException {
        SqlKind k = c.kind();
        switch (k.wire()) {
            case LONG -> {
                long v = rs.getLong(i);
                sum.value(rs.wasNull() ? null : Long.toString(v));
            }
            case DOUBLE -> {
                if (k == SqlKind.FLOAT32) {
                    float v = rs.getFloat(i);
                    sum.value(rs.wasNull() ? null : Float.toString(v));
                } else {
                    double v = rs.getDouble(i);
                    sum.value(rs.wasNull() ? null : Double.toString(v));
                }
            }
            case DECIMAL -> sum.value(Canonical.decimal(rs.getBigDecimal(i)));
            case BOOL -> {
                boolean v = rs.getBoolean(i);
                sum.value(rs.wasNull() ? null : v ? "t" : "f");
            }
            case BYTES -> sum.bytes(rs.getBytes(i));
            default -> sum.value(text(rs.getString(i), c, side));
        }
    }

    private static String text(String v, Column c, Engine side) {
        if (v == null) {
            return null;
        }
        switch (c.kind()) {
            case CHAR:
                return Canonical.fixedChar(v);
            case DATE:
            case TIME:
            case TIMESTAMP:
            case TIMESTAMPTZ:
                return Canonical.temporal(v);
            case JSON:
                return Canonical.json(v);
            case BIT:
                if (side.isMySqlFamily()) {
                    long w = Math.max(1, c.length());
                    return "0".repeat((int) Math.max(0, w - v.length())) + v;
                }
                return v;
            default:
                return v;
        }
    }

    /** Exact row count of a table on one side. */
    public static long count(Connection c, Engine side, String schema, String table) throws SQLException {
        Dialect d = Dialect.of(side);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + d.qualified(schema, table));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
