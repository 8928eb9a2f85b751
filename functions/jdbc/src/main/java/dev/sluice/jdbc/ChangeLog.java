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
import java.util.Locale;
import java.util.Map;

/**
 * Values a non-error policy changed. A writer counts them per column while it writes a batch and saves the
 * counts in {@code _sluice_changes} in the batch's own transaction, next to its fence row, so a redelivered
 * batch never counts twice; after the table's data the counts become report notes.
 */
public final class ChangeLog {
    public static final String TABLE = "_sluice_changes";

    private record Entry(String column, ValueLoss loss, String policy, long count, String firstKey, String firstValue) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    void add(String column, ValueLoss loss, String policy, String rowKey, String value) {
        entries.merge(column + "\u0000" + loss.key, new Entry(column, loss, policy, 1, rowKey, value),
                (a, b) -> new Entry(a.column, a.loss, a.policy, a.count + 1, a.firstKey, a.firstValue));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Saves the counts of this batch; the table exists whenever a stream has a non-error policy (PREPARE). */
    void save(Connection c, Dialect d, String schema, Batch b, Table t) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.qualified(schema, TABLE)
                + " (stream_id, batch_key, table_name, column_name, loss, policy, changed, first_key, first_value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries.values()) {
                ps.setString(1, b.streamId());
                ps.setString(2, b.key().digest());
                ps.setString(3, cut(t.name(), 255));
                ps.setString(4, cut(e.column, 255));
                ps.setString(5, e.loss.key);
                ps.setString(6, cut(e.policy, 64));
                ps.setLong(7, e.count);
                ps.setString(8, cut(e.firstKey, 500));
                ps.setString(9, cut(Values.show(e.firstValue), 500));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static String createTable(Dialect d, String schema) {
        String text = d.engine().isMySqlFamily() ? "varchar(500)" : "text";
        return "CREATE TABLE IF NOT EXISTS " + d.qualified(schema, TABLE) + " (stream_id varchar(64) NOT NULL,"
                + " batch_key char(32) NOT NULL, table_name varchar(255) NOT NULL, column_name varchar(255) NOT NULL,"
                + " loss varchar(32) NOT NULL, policy varchar(64) NOT NULL, changed bigint NOT NULL,"
                + " first_key " + text + ", first_value " + text + ")"
                + (d.engine().isMySqlFamily() ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" : "");
    }

    /** One note per column and kind of value changed in a table by this stream, e.g. for the report. */
    public static List<String> summary(Connection c, Dialect d, String schema, String stream, String table)
            throws SQLException {
        List<String> out = new ArrayList<>();
        if (!d.tableExists(c, schema, TABLE)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, loss, policy, SUM(changed),"
                + " MIN(first_key), MIN(first_value) FROM " + d.qualified(schema, TABLE)
                + " WHERE stream_id = ? AND table_name = ?"
                + " GROUP BY column_name, loss, policy ORDER BY column_name, loss")) {
            ps.setString(1, stream);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ValueLoss l = ValueLoss.byKey(rs.getString(2));
                    String policy = rs.getString(3);
                    out.add(table + "." + rs.getString(1) + ": " + String.format(Locale.ROOT, "%,d", rs.getLong(4))
                            + " value(s) changed under valuePolicies." + rs.getString(2) + " = \"" + policy + "\" ("
                            + (l == null ? rs.getString(2) : l.what) + " -> " + replacement(l, policy) + "), e.g. row "
                            + rs.getString(5) + ": " + rs.getString(6));
                }
            }
        }
        return out;
    }

    /** Removes the stream's counts; the table goes once no stream has rows in it. */
    public static void drop(Connection c, Dialect d, String schema, String stream) throws SQLException {
        if (!d.tableExists(c, schema, TABLE)) {
            return;
        }
        String t = d.qualified(schema, TABLE);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE stream_id = ?")) {
            ps.setString(1, stream);
            ps.executeUpdate();
        }
        d.dropIfEmpty(c, schema, TABLE);
    }

    private static String replacement(ValueLoss l, String policy) {
        if (policy.equals("null")) {
            return "NULL";
        }
        if (l == ValueLoss.INFINITY) {
            return "9999-12-31 / 0001-01-01";
        }
        if (l == ValueLoss.NUL_CHARACTER) {
            return "the text without U+0000";
        }
        return policy.equals("zero") ? "0" : policy;
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }
}
