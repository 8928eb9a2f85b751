package dev.sluice.jdbc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an ordered change batch (see {@link dev.sluice.core.batch.ChangeRows}) to a target table on a
 * connection whose transaction the caller owns: INSERT and UPDATE as upserts by primary key from the
 * after-image, a changed key as delete-then-upsert, DELETE by key, and an UPDATE whose after-image lacks
 * unchanged values (PostgreSQL TOAST) as an UPDATE of the columns that were sent. Rows are applied in
 * batch order; consecutive rows of the same statement go to the server together. Columns the target
 * generates itself ({@link Conversion#GENERATED}) are never written.
 *
 * <p>After-images go through the same value guards and policies as a bulk copy ({@link WriteGuards}): a value
 * a policy replaces is replaced and counted in {@link ChangeLog} in the batch's transaction; a value a policy
 * refuses throws {@link ValueRefusedException} before anything of the batch is committed, because a change
 * cannot be left out without the target diverging from the source.
 *
 * <p>The position table holds, per stream and table, the last applied batch sequence and source position;
 * it is the fence of ordered apply (locked, checked and moved in the batch's own transaction).
 */
public final class ChangeWriter {
    public static final String POSITION_TABLE = "_sluice_cdc_position";

    private ChangeWriter() {
    }

    public static String createPositionTable(Engine e, String schema) {
        Dialect d = Dialect.of(e);
        return "CREATE TABLE IF NOT EXISTS " + d.qualified(schema, POSITION_TABLE)
                + " (stream_id varchar(64) NOT NULL, table_id varchar(255) NOT NULL, seq bigint NOT NULL,"
                + " position varchar(128) NOT NULL, PRIMARY KEY (stream_id, table_id))";
    }

    /** The applied sequence and last applied source position of a table. */
    public record Applied(long sequence, String position) {
    }

    /** Locks the table's position row (creating it at sequence 0) and returns what it holds. */
    public static Applied lockSequence(Connection c, Engine e, String schema, String stream, String table)
            throws SQLException {
        Dialect d = Dialect.of(e);
        String pos = d.qualified(schema, POSITION_TABLE);
        String insert = e == Engine.POSTGRESQL
                ? "INSERT INTO " + pos + " (stream_id, table_id, seq, position) VALUES (?, ?, 0, '') ON CONFLICT DO NOTHING"
                : "INSERT IGNORE INTO " + pos + " (stream_id, table_id, seq, position) VALUES (?, ?, 0, '')";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, stream);
            ps.setString(2, table);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, position FROM " + pos
                + " WHERE stream_id = ? AND table_id = ? FOR UPDATE")) {
            ps.setString(1, stream);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Applied(rs.getLong(1), rs.getString(2));
            }
        }
    }

    /** The applied sequence and source position of a table, or {@code [0, ""]}. */
    public static Object[] position(Connection c, Engine e, String schema, String stream, String table)
            throws SQLException {
        Dialect d = Dialect.of(e);
        if (!d.tableExists(c, schema, POSITION_TABLE)) {
            return new Object[] {0L, ""};
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, position FROM " + d.qualified(schema, POSITION_TABLE)
                + " WHERE stream_id = ? AND table_id = ?")) {
            ps.setString(1, stream);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Object[] {rs.getLong(1), rs.getString(2)} : new Object[] {0L, ""};
            }
        }
    }

    public static void setSequence(Connection c, Engine e, String schema, String stream, String table, long seq,
                                   String position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + Dialect.of(e).qualified(schema, POSITION_TABLE)
                + " SET seq = ?, position = ? WHERE stream_id = ? AND table_id = ?")) {
            ps.setLong(1, seq);
            ps.setString(2, position);
            ps.setString(3, stream);
            ps.setString(4, table);
            ps.executeUpdate();
        }
    }

    /**
     * Applies, in order, the batch's changes whose position is after {@code after} (changes at or before it
     * are already in the target); returns the number applied and the position of the last one.
     */
    public static Applied apply(Connection c, Engine e, Batch b, Table t, List<TargetType> types, String schema,
                                String after) throws SQLException {
        if (!t.hasPrimaryKey()) {
            throw new SQLException("table " + t.name() + " has no primary key: changes cannot be applied by key");
        }
        int k = t.primaryKey().size();
        WriteGuards guards = new WriteGuards(t, types, b, b.action() == Action.UPDATE ? 1 + k : 1);
        Statements st = new Statements(c, e, t, types, schema, guards);
        try {
            RowCursor cur = b.cursor();
            int n = t.columns().size();
            long rows = 0;
            long row = -1;
            String last = after;
            while (cur.next()) {
                row++;
                String position = cur.getString(0);
                if (position.compareTo(after) <= 0) {
                    continue;
                }
                if (b.action() != Action.DELETE) {
                    guards.requireAccepted(cur, row);
                }
                st.row = row;
                rows++;
                last = position;
                switch (b.action()) {
                    case INSERT -> st.upsert(cur, 1);
                    case DELETE -> st.delete(cur, 1);
                    case UPDATE -> {
                        boolean keyMoved = false;
                        for (int i = 0; i < k; i++) {
                            if (!sameValue(cur, 1 + i, 1 + k + t.columnIndex(t.primaryKey().get(i)))) {
                                keyMoved = true;
                            }
                        }
                        boolean partial = false;
                        for (int i = 0; i < n; i++) {
                            partial |= cur.tag(1 + k + i) == Tag.UNCHANGED;
                        }
                        if (keyMoved) {
                            if (partial) {
                                throw new SQLException("an update of table " + t.name() + " changed the primary key"
                                        + " but did not carry every column (set REPLICA IDENTITY FULL on the source)");
                            }
                            st.delete(cur, 1);
                        }
                        if (partial) {
                            st.partialUpdate(cur, 1 + k);
                        } else {
                            st.upsert(cur, 1 + k);
                        }
                    }
                    default -> throw new SQLException("unknown action " + b.action());
                }
                guards.endRow(); // counts the replacements of the change just applied
            }
            st.flush();
            guards.save(c, Dialect.of(e), schema);
            return new Applied(rows, last);
        } finally {
            st.close();
        }
    }

    private static boolean sameValue(RowCursor cur, int a, int b) {
        if (cur.tag(a) != cur.tag(b)) {
            return false;
        }
        byte tag = cur.tag(a);
        if (tag == Tag.LONG || tag == Tag.DOUBLE) {
            return cur.getLong(a) == cur.getLong(b);
        }
        if (tag == Tag.TEXT || tag == Tag.BYTES || tag == Tag.DECIMAL) {
            return java.util.Arrays.equals(cur.data(), cur.start(a), cur.start(a) + cur.length(a), cur.data(),
                    cur.start(b), cur.start(b) + cur.length(b));
        }
        return true;
    }

    /** The statements of one batch; consecutive uses of the same statement are sent as one JDBC batch. */
    private static final class Statements implements AutoCloseable {
        private final Connection c;
        private final Engine e;
        private final Table t;
        private final List<TargetType> types;
        private final Dialect d;
        private final String table;
        private final WriteGuards guards;
        /** Index in the batch of the row being applied (names it when a value is replaced). */
        long row;
        private PreparedStatement upsert;
        private PreparedStatement delete;
        private PreparedStatement pending;

        Statements(Connection c, Engine e, Table t, List<TargetType> types, String schema, WriteGuards guards) {
            this.c = c;
            this.guards = guards;
            this.e = e;
            this.t = t;
            this.types = types;
            this.d = Dialect.of(e);
            this.table = d.qualified(schema, t.name());
        }

        void upsert(RowCursor cur, int offset) throws SQLException {
            if (upsert == null) {
                upsert = c.prepareStatement(upsertSql());
            }
            use(upsert);
            int p = 1;
            for (int i = 0; i < t.columns().size(); i++) {
                if (!generated(i)) {
                    bindValue(upsert, p++, cur, offset, i);
                }
            }
            upsert.addBatch();
        }

        void delete(RowCursor cur, int offset) throws SQLException {
            if (delete == null) {
                StringBuilder sb = new StringBuilder("DELETE FROM " + table + " WHERE ");
                for (int i = 0; i < t.primaryKey().size(); i++) {
                    sb.append(i > 0 ? " AND " : "").append(d.quote(t.primaryKey().get(i))).append(" = ?");
                }
                delete = c.prepareStatement(sb.toString());
            }
            use(delete);
            for (int i = 0; i < t.primaryKey().size(); i++) {
                int col = t.columnIndex(t.primaryKey().get(i));
                ValueBinder.bind(delete, i + 1, cur, offset + i, types.get(col).conversion(), e);
            }
            delete.addBatch();
        }

        /** UPDATE of the columns the source sent, by the after-image's key. */
        void partialUpdate(RowCursor cur, int offset) throws SQLException {
            flush();
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < t.columns().size(); i++) {
                if (cur.tag(offset + i) != Tag.UNCHANGED && !generated(i)
                        && !t.primaryKey().contains(t.columns().get(i).name())) {
                    sent.add(i);
                }
            }
            if (sent.isEmpty()) {
                return;
            }
            StringBuilder sb = new StringBuilder("UPDATE " + table + " SET ");
            for (int j = 0; j < sent.size(); j++) {
                sb.append(j > 0 ? ", " : "").append(d.quote(t.columns().get(sent.get(j)).name())).append(" = ?");
            }
            sb.append(" WHERE ");
            for (int i = 0; i < t.primaryKey().size(); i++) {
                sb.append(i > 0 ? " AND " : "").append(d.quote(t.primaryKey().get(i))).append(" = ?");
            }
            try (PreparedStatement ps = c.prepareStatement(sb.toString())) {
                int p = 1;
                for (int col : sent) {
                    bindValue(ps, p++, cur, offset, col);
                }
                for (String key : t.primaryKey()) {
                    int col = t.columnIndex(key);
                    ValueBinder.bind(ps, p++, cur, offset + col, types.get(col).conversion(), e);
                }
                ps.executeUpdate();
            }
        }

        /** A column the target computes itself: never written. */
        private boolean generated(int col) {
            return types.get(col).conversion() == Conversion.GENERATED;
        }

        /** Binds an after-image value, replaced when a value policy says so. */
        private void bindValue(PreparedStatement ps, int p, RowCursor cur, int offset, int col) throws SQLException {
            Conversion conv = types.get(col).conversion();
            if (guards.guarded(col)) {
                byte tag = cur.tag(offset + col);
                ValueGuard.Outcome o = tag == Tag.DOUBLE ? guards.number(col, cur.getDouble(offset + col), cur, row)
                        : tag == Tag.TEXT || tag == Tag.DECIMAL ? guards.text(col, cur, row) : null;
                if (o != null) {
                    ValueBinder.bindReplacement(ps, p, o.replacement(), tag == Tag.DOUBLE, conv, e);
                    return;
                }
            }
            ValueBinder.bind(ps, p, cur, offset + col, conv, e);
        }

        private String upsertSql() {
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < t.columns().size(); i++) {
                if (!generated(i)) {
                    cols.add(t.columns().get(i).name());
                }
            }
            // geometry is bound in MySQL's own format or as PostGIS hex EWKB (ValueBinder): plain placeholders
            StringBuilder sb = new StringBuilder("INSERT INTO " + table + " (" + d.columnList(cols) + ") VALUES (");
            for (int i = 0; i < cols.size(); i++) {
                sb.append(i > 0 ? ", ?" : "?");
            }
            sb.append(')');
            List<String> set = cols.stream().filter(x -> !t.primaryKey().contains(x)).toList();
            if (e == Engine.POSTGRESQL) {
                sb.append(" ON CONFLICT (").append(d.columnList(t.primaryKey())).append(") DO ");
                if (set.isEmpty()) {
                    return sb.append("NOTHING").toString();
                }
                sb.append("UPDATE SET ");
                for (int i = 0; i < set.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(d.quote(set.get(i))).append(" = EXCLUDED.").append(d.quote(set.get(i)));
                }
            } else {
                sb.append(" ON DUPLICATE KEY UPDATE ");
                List<String> upd = set.isEmpty() ? t.primaryKey() : set;
                for (int i = 0; i < upd.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(d.quote(upd.get(i))).append(" = VALUES(")
                            .append(d.quote(upd.get(i))).append(')');
                }
            }
            return sb.toString();
        }

        private void use(PreparedStatement ps) throws SQLException {
            if (pending != null && pending != ps) {
                pending.executeBatch();
            }
            pending = ps;
        }

        void flush() throws SQLException {
            if (pending != null) {
                pending.executeBatch();
                pending = null;
            }
        }

        @Override
        public void close() throws SQLException {
            if (upsert != null) {
                upsert.close();
            }
            if (delete != null) {
                delete.close();
            }
        }
    }
}
