package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;
import dev.sluice.core.stats.TableChecksum;
import dev.sluice.core.types.Canonical;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;
import dev.sluice.core.types.Wkb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

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
     * @param fromQuery true on the source side: read the source table's custom query instead of the table
     */
    public static TableChecksum checksum(Connection c, Engine side, Table source, String schema, boolean fromQuery)
            throws SQLException {
        return checksum(c, side, source, schema, fromQuery, null);
    }

    /**
     * As above, knowing the target types ({@code types}, null when unknown). On the source side a row holding
     * a value the stream's policies refuse for its target type is left out of the count and sum and counted
     * in {@link TableChecksum#leftOut()}: the copy left exactly such rows out, so the rest compares equal. On
     * a PostgreSQL target, a spatial column is read as PostGIS geometry only where it was created as such.
     */
    public static TableChecksum checksum(Connection c, Engine side, Table source, String schema, boolean fromQuery,
                                         List<TargetType> types) throws SQLException {
        List<TargetType> refuseBy = fromQuery ? types : null;
        Dialect d = Dialect.of(side);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < source.columns().size(); i++) {
            Column col = source.columns().get(i);
            boolean plainBytes = !fromQuery && types != null && col.kind() == SqlKind.GEOMETRY
                    && side == Engine.POSTGRESQL && types.get(i).conversion() != Conversion.WKB_TO_POSTGIS;
            sql.append(i > 0 ? ", " : "").append(plainBytes ? d.quote(col.name()) : d.readExpression(col));
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
            ps.setFetchSize(fromQuery && source.customQuery() != null ? FetchSizes.UNKNOWN
                    : FetchSizes.rows(c, side, schema, source.name()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = source.columns().size();
                ValueGuard[] policies = new ValueGuard[n];
                for (int i = 0; i < n; i++) {
                    policies[i] = ValueGuard.forComparison(source.columns().get(i), source.policies());
                }
                ValueGuard[] refusing = refuseBy == null ? null : refusing(source, refuseBy);
                while (rs.next()) {
                    if (refusing != null && refused(rs, source, refusing)) {
                        sum.leaveOutRow();
                        continue;
                    }
                    sum.beginRow();
                    for (int i = 0; i < n; i++) {
                        Column col = source.columns().get(i);
                        if (!fromQuery && col.typeOverride() != null && overridden(sum, rs, i + 1, col)) {
                            continue;
                        }
                        add(sum, rs, i + 1, col, side, policies[i]);
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

    /** The guards of the columns whose values the policies may refuse for their target type; null when none. */
    private static ValueGuard[] refusing(Table t, List<TargetType> types) {
        ValueGuard[] g = new ValueGuard[types.size()];
        boolean any = false;
        for (int i = 0; i < g.length; i++) {
            g[i] = ValueGuard.of(t.columns().get(i), types.get(i), t.policies());
            any |= g[i] != null;
        }
        return any ? g : null;
    }

    /** Whether the current source row holds a value refused for its target type, read as the reader reads it. */
    private static boolean refused(ResultSet rs, Table t, ValueGuard[] guards) throws SQLException {
        for (int i = 0; i < guards.length; i++) {
            if (guards[i] == null) {
                continue;
            }
            Column col = t.columns().get(i);
            ValueGuard.Outcome o;
            if (col.kind().wire() == SqlKind.Wire.DOUBLE) {
                double v = col.kind() == SqlKind.FLOAT32 ? rs.getFloat(i + 1) : rs.getDouble(i + 1);
                o = rs.wasNull() ? null : guards[i].check(v);
            } else {
                String v = rs.getString(i + 1);
                o = v == null ? null : guards[i].check(col.kind() == SqlKind.TIMESTAMPTZ
                        ? ValueReaders.withoutUtcOffset(v) : v);
            }
            if (o != null && o.refused()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds one value in its canonical form. Where a value policy may have changed values on the way
     * ({@code policy} not null), both sides' values go through it, so a replaced value compares equal to its
     * replacement and nothing else does.
     */
    private static void add(TableChecksum sum, ResultSet rs, int i, Column c, Engine side, ValueGuard policy)
            throws SQLException {
        SqlKind k = c.kind();
        switch (k.wire()) {
            case LONG -> {
                long v = rs.getLong(i);
                sum.value(rs.wasNull() ? null : Long.toString(v));
            }
            case DOUBLE -> {
                double v = k == SqlKind.FLOAT32 ? rs.getFloat(i) : rs.getDouble(i);
                if (rs.wasNull()) {
                    sum.value(null);
                    return;
                }
                ValueGuard.Outcome o = policy == null ? null : policy.check(v);
                if (o != null) {
                    if (o.replacement() == null) {
                        sum.value(null);
                        return;
                    }
                    v = Double.parseDouble(o.replacement());
                }
                sum.value(k == SqlKind.FLOAT32 ? Float.toString((float) v) : Double.toString(v));
            }
            case DECIMAL -> sum.value(decimal(guarded(rs.getString(i), policy)));
            case BOOL -> {
                boolean v = rs.getBoolean(i);
                sum.value(rs.wasNull() ? null : v ? "t" : "f");
            }
            case BYTES -> {
                byte[] v = rs.getBytes(i);
                sum.bytes(v != null && k == SqlKind.GEOMETRY && side.isMySqlFamily() ? Wkb.fromMySql(v) : v);
            }
            default -> sum.value(text(guarded(rs.getString(i), policy), c, side));
        }
    }

    /**
     * A target value in a type the user chose that reads differently from the source kind: booleans for
     * integers, binary for text. True when handled; other overrides read as the source kind.
     */
    private static boolean overridden(TableChecksum sum, ResultSet rs, int i, Column c) throws SQLException {
        String t = c.typeOverride().toLowerCase(java.util.Locale.ROOT);
        SqlKind.Wire w = c.kind().wire();
        if ((t.startsWith("bool") || t.equals("tinyint(1)")) && w == SqlKind.Wire.LONG) {
            String v = rs.getString(i);
            sum.value(v == null ? null : v.equals("t") || v.equals("true") || v.equals("1") ? "1"
                    : v.equals("f") || v.equals("false") || v.equals("0") ? "0" : v);
            return true;
        }
        if ((t.equals("bytea") || t.contains("blob") || t.contains("binary")) && w == SqlKind.Wire.TEXT) {
            byte[] v = rs.getBytes(i);
            sum.value(v == null ? null : text(new String(v, java.nio.charset.StandardCharsets.UTF_8), c, Engine.MARIADB));
            return true;
        }
        return false;
    }

    private static String guarded(String v, ValueGuard policy) {
        if (v == null || policy == null) {
            return v;
        }
        ValueGuard.Outcome o = policy.check(v);
        return o == null ? v : o.replacement();
    }

    /** Decimal text without trailing zeros; NaN and infinities (PostgreSQL numeric) as they are. */
    private static String decimal(String v) {
        if (v == null || v.isEmpty() || Character.isLetter(v.charAt(v.length() - 1))) {
            return v;
        }
        return Canonical.decimal(new java.math.BigDecimal(v));
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
