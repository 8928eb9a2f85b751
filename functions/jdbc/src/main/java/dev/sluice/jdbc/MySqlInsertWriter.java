package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;
import dev.sluice.core.types.Wkb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * MySQL/MariaDB load with multi-row INSERT statements (as many rows per statement as the 65,535
 * placeholder limit allows); {@code ON DUPLICATE KEY UPDATE} for upsert. Values are checked against what
 * their target column holds ({@link WriteGuards}). MySQL's invalid empty ENUM value, which strict mode will
 * not take, is written by running that statement without strict mode.
 */
final class MySqlInsertWriter implements RowWriter {
    private static final int MAX_PARAMS = 65_535;
    private static final int MAX_ROWS_PER_STATEMENT = 1_000;

    @Override
    public Written write(Connection c, Batch b, Table t, List<TargetType> types, String schema, boolean upsert)
            throws SQLException {
        List<String> cols = RowWriter.writtenColumns(t, types);
        int n = t.columns().size();
        int perStmt = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PARAMS / Math.max(1, cols.size())));
        String rowSql = rowPlaceholders(types);
        Conversion[] conv = types.stream().map(TargetType::conversion).toArray(Conversion[]::new);
        boolean[] emptyEnum = new boolean[n];
        for (int i = 0; i < n; i++) {
            Column col = t.columns().get(i);
            emptyEnum[i] = col.kind() == SqlKind.ENUM && !col.enumValues().contains("")
                    && types.get(i).ddl().toLowerCase(Locale.ROOT).startsWith("enum");
        }
        WriteGuards guards = new WriteGuards(t, types, b);
        boolean anyGuard = !guards.none();
        BitSet refused = guards.refusedRows(); // statements are sized before binding: find refused rows first
        int left = refused == null ? 0 : refused.cardinality();
        RowCursor cur = b.cursor();
        long rows = 0;
        int row = -1;
        int total = b.rowCount() - left;
        PreparedStatement full = null;
        try {
            int inStmt = 0;
            boolean lenient = false;
            PreparedStatement ps = null;
            int p = 1;
            while (cur.next()) {
                row++;
                if (refused != null && refused.get(row)) {
                    continue;
                }
                if (ps == null) {
                    int chunk = Math.min(perStmt, total - (int) rows);
                    if (chunk == perStmt && full != null) {
                        ps = full;
                    } else {
                        ps = c.prepareStatement(insertSql(t, cols, schema, rowSql, chunk, upsert));
                        if (chunk == perStmt) {
                            full = ps;
                        }
                    }
                    p = 1;
                    inStmt = 0;
                    lenient = false;
                }
                for (int i = 0; i < n; i++) {
                    if (conv[i] == Conversion.GENERATED) {
                        continue;
                    }
                    lenient |= emptyEnum[i] && cur.tag(i) == Tag.TEXT && cur.length(i) == 0;
                    bind(ps, p++, cur, i, conv[i], guards, row);
                }
                if (anyGuard) {
                    guards.endRow(); // counts the row's replacements (rows with refused values were skipped)
                }
                rows++;
                inStmt++;
                if (ps == full ? inStmt == perStmt : rows == total) {
                    execute(c, ps, lenient);
                    if (ps != full) {
                        ps.close();
                    }
                    ps = null;
                }
            }
            if (ps != null) {
                throw new SQLException("batch of table " + t.name() + " holds " + (rows + left) + " rows, its key says "
                        + b.rowCount());
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        guards.save(c, MySqlDialect.INSTANCE, schema);
        return new Written(rows, left);
    }

    /** Runs an INSERT; one holding an invalid empty ENUM value runs without strict mode (nothing else differs). */
    private static void execute(Connection c, PreparedStatement ps, boolean lenient) throws SQLException {
        if (!lenient) {
            ps.executeUpdate();
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = '" + Jdbc.MYSQL_SQL_MODE.replace("STRICT_ALL_TABLES,", "") + "'");
            try {
                ps.executeUpdate();
            } finally {
                st.execute("SET SESSION sql_mode = '" + Jdbc.MYSQL_SQL_MODE + "'");
            }
        }
    }

    private static void bind(PreparedStatement ps, int p, RowCursor cur, int i, Conversion conv, WriteGuards g,
                             long row) throws SQLException {
        byte tag = cur.tag(i);
        if (g.guarded(i) && (tag == Tag.TEXT || tag == Tag.DECIMAL || tag == Tag.DOUBLE)) {
            ValueGuard.Outcome o = tag == Tag.DOUBLE ? g.number(i, cur.getDouble(i), cur, row)
                    : g.text(i, cur, row);
            if (o != null) {
                if (o.replacement() == null) {
                    ps.setNull(p, Types.NULL);
                } else if (tag == Tag.DOUBLE) {
                    ps.setDouble(p, Double.parseDouble(o.replacement()));
                } else {
                    ps.setString(p, o.replacement());
                }
                return;
            }
        }
        switch (tag) {
            case Tag.NULL -> ps.setNull(p, Types.NULL);
            case Tag.LONG -> ps.setLong(p, cur.getLong(i));
            case Tag.DOUBLE -> {
                double v = cur.getDouble(i);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    ps.setString(p, Double.toString(v)); // only a text column takes these; others refuse loudly
                } else {
                    ps.setDouble(p, v);
                }
            }
            case Tag.TRUE -> ps.setBoolean(p, true);
            case Tag.FALSE -> ps.setBoolean(p, false);
            case Tag.DECIMAL -> ps.setString(p, cur.getString(i));
            case Tag.TEXT -> {
                if (conv == Conversion.BITS_TO_INTEGER) {
                    ps.setLong(p, Long.parseUnsignedLong(cur.getString(i), 2));
                } else {
                    ps.setString(p, cur.getString(i));
                }
            }
            case Tag.BYTES -> ps.setBytes(p, conv == Conversion.WKB_TO_GEOMETRY ? Wkb.toMySql(cur.getBytes(i))
                    : cur.getBytes(i));
            default -> throw new SQLException("unknown value tag " + cur.tag(i));
        }
    }

    private static String rowPlaceholders(List<TargetType> types) {
        StringBuilder sb = new StringBuilder("(");
        boolean first = true;
        for (TargetType t : types) {
            if (t.conversion() == Conversion.GENERATED) {
                continue;
            }
            sb.append(first ? "" : ",").append('?');
            first = false;
        }
        return sb.append(')').toString();
    }

    private static String insertSql(Table t, List<String> cols, String schema, String rowSql, int rows, boolean upsert) {
        Dialect d = MySqlDialect.INSTANCE;
        StringBuilder sb = new StringBuilder(rowSql.length() * rows + 200);
        sb.append("INSERT INTO ").append(d.qualified(schema, t.name())).append(" (").append(d.columnList(cols))
                .append(") VALUES ");
        for (int r = 0; r < rows; r++) {
            sb.append(r > 0 ? "," : "").append(rowSql);
        }
        if (upsert && t.hasPrimaryKey()) {
            StringBuilder set = new StringBuilder();
            for (String col : cols) {
                if (!t.primaryKey().contains(col)) {
                    String q = d.quote(col);
                    set.append(set.length() > 0 ? ", " : "").append(q).append(" = VALUES(").append(q).append(')');
                }
            }
            if (set.length() > 0) {
                sb.append(" ON DUPLICATE KEY UPDATE ").append(set);
            }
        }
        return sb.toString();
    }
}
