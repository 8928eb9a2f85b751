package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * MySQL/MariaDB load with multi-row INSERT statements (as many rows per statement as the 65,535
 * placeholder limit allows); {@code ON DUPLICATE KEY UPDATE} for upsert.
 */
final class MySqlInsertWriter implements RowWriter {
    private static final int MAX_PARAMS = 65_535;
    private static final int MAX_ROWS_PER_STATEMENT = 1_000;

    @Override
    public long write(Connection c, Batch b, Table t, List<TargetType> types, String schema, boolean upsert)
            throws SQLException {
        int n = t.columns().size();
        int perStmt = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PARAMS / n));
        String rowSql = rowPlaceholders(types);
        Conversion[] conv = types.stream().map(TargetType::conversion).toArray(Conversion[]::new);
        RowCursor cur = b.cursor();
        long rows = 0;
        int total = b.rowCount();
        PreparedStatement full = null;
        try {
            int inStmt = 0;
            PreparedStatement ps = null;
            int p = 1;
            while (cur.next()) {
                if (ps == null) {
                    int chunk = Math.min(perStmt, total - (int) rows);
                    if (chunk == perStmt && full != null) {
                        ps = full;
                    } else {
                        ps = c.prepareStatement(insertSql(t, schema, rowSql, chunk, upsert));
                        if (chunk == perStmt) {
                            full = ps;
                        }
                    }
                    p = 1;
                    inStmt = 0;
                }
                for (int i = 0; i < n; i++) {
                    bind(ps, p++, cur, i, conv[i]);
                }
                rows++;
                inStmt++;
                if (ps == full ? inStmt == perStmt : rows == total) {
                    ps.executeUpdate();
                    if (ps != full) {
                        ps.close();
                    }
                    ps = null;
                }
            }
            if (ps != null) {
                throw new SQLException("batch of table " + t.name() + " holds " + rows + " rows, its key says " + total);
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        return rows;
    }

    private static void bind(PreparedStatement ps, int p, RowCursor cur, int i, Conversion conv) throws SQLException {
        ValueBinder.bind(ps, p, cur, i, conv, dev.sluice.core.model.Engine.MARIADB);
    }

    private static String rowPlaceholders(List<TargetType> types) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < types.size(); i++) {
            sb.append(i > 0 ? "," : "").append(types.get(i).conversion() == Conversion.WKB_TO_GEOMETRY
                    ? "ST_GeomFromWKB(?)" : "?");
        }
        return sb.append(')').toString();
    }

    private static String insertSql(Table t, String schema, String rowSql, int rows, boolean upsert) {
        Dialect d = MySqlDialect.INSTANCE;
        StringBuilder sb = new StringBuilder(rowSql.length() * rows + 200);
        sb.append("INSERT INTO ").append(d.qualified(schema, t.name())).append(" (")
                .append(d.columnList(t.columns().stream().map(Column::name).toList())).append(") VALUES ");
        for (int r = 0; r < rows; r++) {
            sb.append(r > 0 ? "," : "").append(rowSql);
        }
        if (upsert && t.hasPrimaryKey()) {
            StringBuilder set = new StringBuilder();
            for (Column col : t.columns()) {
                if (!t.primaryKey().contains(col.name())) {
                    String q = d.quote(col.name());
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
