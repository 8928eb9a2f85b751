package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.ValueLoss;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values a target column cannot hold under a policy that refuses them ({@code error}, the default). Their
 * rows are left out of the batch; every other row is written. Each refused value is saved in
 * {@code _sluice_refused}, in the batch's own transaction next to its fence row (a redelivered batch records
 * nothing twice), with its table, column, row key, value and what would accept it. The table outlives the
 * stream: it is the record of what the target does not hold. The run reads it at the end and fails.
 */
public final class RefusalLog {
    public static final String TABLE = "_sluice_refused";
    /** Longest value text kept; longer values are cut (the row key finds the full value on the source). */
    private static final int VALUE_CHARS = 500;

    /** One refused value, as saved. */
    public record Refusal(String table, String column, long rowIndex, String rowKey, String value, ValueLoss loss,
                          String policy, String remedy) {
    }

    /** What a stream left out of one table: rows, values per column and the first few values themselves. */
    public record TableRefusals(String table, long rows, Map<String, Long> valuesPerColumn, List<Refusal> examples) {
        public long values() {
            return valuesPerColumn.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<Refusal> refusals = new ArrayList<>();

    void add(Refusal r) {
        refusals.add(r);
    }

    /** Saves this batch's refusals in the caller's transaction; the table exists (PREPARE creates it). */
    void save(Connection c, Dialect d, String schema, Batch b) throws SQLException {
        if (refusals.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.qualified(schema, TABLE)
                + " (stream_id, batch_key, table_name, column_name, row_index, row_key, value_text, loss, policy,"
                + " remedy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Refusal r : refusals) {
                ps.setString(1, b.streamId());
                ps.setString(2, b.key().digest());
                ps.setString(3, cut(r.table(), 255));
                ps.setString(4, cut(r.column(), 255));
                ps.setLong(5, r.rowIndex());
                ps.setString(6, cut(r.rowKey(), 1000));
                ps.setString(7, Values.escaped(r.value(), VALUE_CHARS));
                ps.setString(8, r.loss().key);
                ps.setString(9, cut(r.policy(), 64));
                ps.setString(10, cut(r.remedy(), 2000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static String createTable(Dialect d, String schema) {
        boolean my = d.engine().isMySqlFamily();
        String text = "text";
        return "CREATE TABLE IF NOT EXISTS " + d.qualified(schema, TABLE) + " (stream_id varchar(64) NOT NULL,"
                + " batch_key char(32) NOT NULL, table_name varchar(255) NOT NULL, column_name varchar(255) NOT NULL,"
                + " row_index bigint NOT NULL, row_key " + text + " NOT NULL, value_text " + text + ","
                + " loss varchar(32) NOT NULL, policy varchar(64) NOT NULL, remedy " + text + ")"
                + (my ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : "");
    }

    /**
     * What a stream left out, per table (tables without refusals are absent), with up to {@code examples}
     * refused values per table in row order.
     */
    public static Map<String, TableRefusals> read(Connection c, Dialect d, String schema, String stream, int examples)
            throws SQLException {
        Map<String, TableRefusals> out = new LinkedHashMap<>();
        if (!d.tableExists(c, schema, TABLE)) {
            return out;
        }
        String t = d.qualified(schema, TABLE);
        Map<String, Long> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, COUNT(*) FROM (SELECT DISTINCT table_name,"
                + " batch_key, row_index FROM " + t + " WHERE stream_id = ?) r GROUP BY table_name ORDER BY table_name")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        for (Map.Entry<String, Long> e : rows.entrySet()) {
            Map<String, Long> perColumn = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, COUNT(*) FROM " + t
                    + " WHERE stream_id = ? AND table_name = ? GROUP BY column_name ORDER BY column_name")) {
                ps.setString(1, stream);
                ps.setString(2, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perColumn.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            List<Refusal> first = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, row_index, row_key, value_text, loss,"
                    + " policy, remedy FROM " + t + " WHERE stream_id = ? AND table_name = ?"
                    + " ORDER BY LENGTH(row_key), row_key, column_name")) { // id=9 before id=10
                ps.setString(1, stream);
                ps.setString(2, e.getKey());
                ps.setMaxRows(examples);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        first.add(new Refusal(e.getKey(), rs.getString(1), rs.getLong(2), rs.getString(3),
                                rs.getString(4), ValueLoss.byKey(rs.getString(5)), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            out.put(e.getKey(), new TableRefusals(e.getKey(), e.getValue(), perColumn, first));
        }
        return out;
    }

    /** Removes what an earlier run under the same stream id recorded (a rerun with a fixed {@code id}). */
    public static void forget(Connection c, Dialect d, String schema, String stream) throws SQLException {
        if (!d.tableExists(c, schema, TABLE)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + d.qualified(schema, TABLE)
                + " WHERE stream_id = ?")) {
            ps.setString(1, stream);
            ps.executeUpdate();
        }
    }

    /** Drops the table when no stream has refusals in it (a clean run leaves nothing behind). */
    public static void dropIfEmpty(Connection c, Dialect d, String schema) throws SQLException {
        d.dropIfEmpty(c, schema, TABLE);
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }
}
