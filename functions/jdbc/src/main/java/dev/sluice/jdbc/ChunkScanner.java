package dev.sluice.jdbc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one chunk with a streaming cursor and cuts it into batches of {@code bundleSize} rows. Memory is
 * bounded by one batch plus the driver's fetch buffer, whatever the table size.
 */
public final class ChunkScanner {
    /** Rows per keyset page for tables read without integer ranges. */
    static final int KEYSET_PAGE = 20_000;

    /** Receives each batch as it is cut; may block (back-pressure). */
    @FunctionalInterface
    public interface BatchSink {
        void accept(Batch batch) throws InterruptedException;
    }

    private final Dialect dialect;
    private final Engine engine;
    private final String streamId;
    private final int bundleSize;
    private final long maxBatchBytes;

    /**
     * @param bundleSize    rows per batch at most
     * @param maxBatchBytes encoded bytes per batch at most (the hub's message limit less room for the header);
     *                      a batch is cut early when its rows would pass it
     */
    public ChunkScanner(Dialect dialect, Engine engine, String streamId, int bundleSize, long maxBatchBytes) {
        this.dialect = dialect;
        this.engine = engine;
        this.streamId = streamId;
        this.bundleSize = bundleSize;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** Reads the chunk; returns the number of rows read. */
    public long scan(Connection c, Chunk chunk, BatchSink sink) throws SQLException, InterruptedException {
        Table t = chunk.table();
        ValueReaders.ValueReader[] readers = ValueReaders.forTable(t, engine);
        boolean autoCommit = c.getAutoCommit();
        if (engine == Engine.POSTGRESQL) {
            c.setAutoCommit(false); // the PostgreSQL driver only streams inside a transaction
        }
        try {
            State s = new State(t, chunk.tableOrdinal(), readers);
            s.fetchSize = FetchSizes.rows(c, engine, t);
            if (t.customQuery() != null) {
                stream(c, t.customQuery(), List.of(), s, sink, 0);
            } else if (chunk.isRange()) {
                String k = dialect.quote(t.primaryKey().get(0));
                String sql = select(t) + " WHERE " + k + " >= ? AND " + k + (chunk.last() ? " <= ?" : " < ?")
                        + " ORDER BY " + dialect.columnList(t.primaryKey());
                stream(c, sql, List.of(chunk.low(), chunk.high()), s, sink, 0);
            } else if (t.hasPrimaryKey()) {
                keysetPages(c, t, s, sink);
            } else {
                stream(c, select(t), List.of(), s, sink, 0);
            }
            s.flush(sink);
            return s.rows;
        } finally {
            if (engine == Engine.POSTGRESQL) {
                c.commit();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private String select(Table t) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < t.columns().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(dialect.readExpression(t.columns().get(i)));
        }
        return sb.append(" FROM ").append(dialect.qualified(t.schema(), t.name())).toString();
    }

    private void keysetPages(Connection c, Table t, State s, BatchSink sink) throws SQLException, InterruptedException {
        List<String> pk = t.primaryKey();
        StringBuilder order = new StringBuilder();
        for (String k : pk) {
            order.append(order.length() > 0 ? ", " : "").append(dialect.quote(k));
        }
        List<Object> last = null;
        while (true) {
            StringBuilder sql = new StringBuilder(select(t));
            List<Object> params = new ArrayList<>();
            if (last != null) {
                sql.append(" WHERE ");
                for (int i = 0; i < pk.size(); i++) {
                    sql.append(i > 0 ? " OR " : "").append('(');
                    for (int j = 0; j < i; j++) {
                        sql.append(dialect.quote(pk.get(j))).append(" = ? AND ");
                        params.add(last.get(j));
                    }
                    sql.append(dialect.quote(pk.get(i))).append(" > ?)");
                    params.add(last.get(i));
                }
            }
            sql.append(" ORDER BY ").append(order).append(" LIMIT ").append(KEYSET_PAGE);
            long before = s.rows;
            last = stream(c, sql.toString(), params, s, sink, KEYSET_PAGE);
            if (s.rows - before < KEYSET_PAGE || last == null) {
                return;
            }
        }
    }

    /**
     * Streams one query into batches. When {@code keyOfRow} is positive, returns the key values of that row
     * (the last row of a full keyset page), read only there: reading typed key objects on every row cost more
     * than the row itself for date keys.
     */
    private List<Object> stream(Connection c, String sql, List<Object> params, State s, BatchSink sink,
                                int keyOfRow) throws SQLException, InterruptedException {
        List<Object> lastKey = null;
        int inQuery = 0;
        try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(s.fetchSize);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = s.readers.length;
                while (rs.next()) {
                    s.enc.beginRow();
                    for (int i = 0; i < n; i++) {
                        s.readers[i].read(rs, i + 1, s.enc);
                    }
                    s.enc.endRow();
                    s.rows++;
                    if (s.enc.size() > maxBatchBytes) {
                        if (s.enc.rowCount() > 1) {
                            byte[] row = s.enc.popLastRow();
                            s.rows--;
                            s.flush(sink);
                            s.enc.appendRow(row);
                            s.rows++;
                        }
                        if (s.enc.size() > maxBatchBytes) { // the row alone does not fit one message
                            throw new DatabaseException("a row of table " + s.table.name() + " (" + s.lastRowId() + ") is " + s.enc.size() + " bytes encoded, more than the event hub's"
                                    + " message limit allows (" + maxBatchBytes + "): raise max_payload in the NATS"
                                    + " server configuration", false, null);
                        }
                    }
                    if (s.enc.rowCount() == 1) {
                        s.firstId = s.lastRowId();
                    }
                    s.noteLast(rs);
                    if (++inQuery == keyOfRow) {
                        lastKey = keyValues(rs, s.keyIndexes);
                    }
                    if (s.enc.rowCount() >= bundleSize) {
                        s.flush(sink);
                    }
                }
            }
        } catch (SQLException e) {
            throw DatabaseException.during("reading " + s.table.name(), engine, e);
        }
        return lastKey;
    }

    private static List<Object> keyValues(ResultSet rs, int[] keyIdx) throws SQLException {
        List<Object> v = new ArrayList<>(keyIdx.length);
        for (int k : keyIdx) {
            v.add(rs.getObject(k));
        }
        return v;
    }

    /** A key value as id text: {@code \\N} for NULL, backslashes and commas escaped, bytes in hex. */
    static String idText(RowCursor cur, int i) {
        String v = switch (cur.tag(i)) {
            case Tag.NULL -> null;
            case Tag.LONG -> Long.toString(cur.getLong(i));
            case Tag.DOUBLE -> Double.toString(cur.getDouble(i));
            case Tag.TRUE -> "true";
            case Tag.FALSE -> "false";
            case Tag.BYTES -> "\\x" + java.util.HexFormat.of().formatHex(cur.getBytes(i));
            default -> cur.getString(i);
        };
        return v == null ? "\\N" : v.replace("\\", "\\\\").replace(",", "\\,");
    }

    /** Per-chunk scan state: the batch being filled and ids of its first and last rows. */
    private final class State {
        /** Rows the driver buffers per round trip (sized from the table's average row). */
        int fetchSize;
        final Table table;
        final int ordinal;
        final ValueReaders.ValueReader[] readers;
        final int[] keyIndexes;
        final RowEncoder enc = new RowEncoder(64 * 1024);
        final boolean singleIntegerKey;
        long rows;
        String firstId;
        long lastLong;

        State(Table table, int ordinal, ValueReaders.ValueReader[] readers) {
            this.table = table;
            this.ordinal = ordinal;
            this.readers = readers;
            List<String> pk = table.primaryKey();
            keyIndexes = new int[pk.size()];
            for (int i = 0; i < pk.size(); i++) {
                keyIndexes[i] = table.columnIndex(pk.get(i)) + 1;
            }
            singleIntegerKey = pk.size() == 1 && column(table, pk.get(0)).kind().isInteger();
        }

        /** Remembers the current row's id cheaply: other keys are read from the encoded row when a batch is cut. */
        void noteLast(ResultSet rs) throws SQLException {
            if (singleIntegerKey) {
                lastLong = rs.getLong(keyIndexes[0]);
            }
        }

        /** The batch-key id of the last row in the encoder: its key values as encoded, or its ordinal. */
        String lastRowId() {
            if (keyIndexes.length == 0) {
                return "#" + rows;
            }
            RowCursor cur = new RowCursor(enc.buffer(), enc.lastRowOffset(), enc.lastRowSize(), readers.length);
            cur.next();
            StringBuilder sb = new StringBuilder();
            for (int k : keyIndexes) {
                sb.append(sb.length() > 0 ? "," : "").append(idText(cur, k - 1));
            }
            return sb.toString();
        }

        void flush(BatchSink sink) throws InterruptedException {
            if (enc.rowCount() == 0) {
                return;
            }
            String last = keyIndexes.length == 0 ? "#" + rows : singleIntegerKey ? Long.toString(lastLong) : lastRowId();
            Batch b = Batch.of(streamId, table.id(), Action.INSERT, firstId, last, 0, readers.length, enc);
            enc.reset();
            sink.accept(b);
        }
    }

    static Column column(Table t, String name) {
        return t.column(name).orElseThrow();
    }
}
