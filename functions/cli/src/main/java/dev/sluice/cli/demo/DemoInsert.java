package dev.sluice.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Buffers rows of one table and writes them as multi-row {@code INSERT ... VALUES (...),(...)}
 * statements with bound parameters (so the driver does all escaping), committing every few
 * statements. The connection must have auto-commit off.
 */
final class DemoInsert implements AutoCloseable {

    static final int ROWS_PER_STATEMENT = 1000;
    private static final int STATEMENTS_PER_COMMIT = 10;

    private final Connection connection;
    private final String table;
    private final String prefix;
    private final int width;
    private final int rowsPerStatement;
    private final Object[] buffer;
    private PreparedStatement full;
    private int buffered;
    private int statementsSinceCommit;
    private long rows;

    DemoInsert(Connection connection, String quotedDb, String table, String... columns) {
        this.connection = connection;
        this.table = table;
        this.width = columns.length;
        // Stay well below the protocol limit of 65,535 placeholders per statement.
        this.rowsPerStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, 60_000 / width));
        this.buffer = new Object[rowsPerStatement * width];
        this.prefix = "INSERT INTO " + quotedDb + ".`" + table + "` (`"
                + String.join("`, `", columns) + "`) VALUES ";
    }

    /** Adds one row; values in the column order given to the constructor. */
    void row(Object... values) throws SQLException {
        if (values.length != width) {
            throw new IllegalArgumentException("demo table " + table + " has " + width
                    + " columns but a row with " + values.length + " values was generated");
        }
        System.arraycopy(values, 0, buffer, buffered * width, width);
        if (++buffered == rowsPerStatement) {
            flush();
        }
    }

    /** Writes what is buffered, commits and returns the number of rows written. */
    long finish() throws SQLException {
        flush();
        connection.commit();
        statementsSinceCommit = 0;
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (full != null) {
            full.close();
            full = null;
        }
    }

    private void flush() throws SQLException {
        if (buffered == 0) {
            return;
        }
        if (buffered == rowsPerStatement) {
            if (full == null) {
                full = connection.prepareStatement(sql(rowsPerStatement));
            }
            execute(full);
        } else {
            try (PreparedStatement rest = connection.prepareStatement(sql(buffered))) {
                execute(rest);
            }
        }
        rows += buffered;
        buffered = 0;
        if (++statementsSinceCommit == STATEMENTS_PER_COMMIT) {
            connection.commit();
            statementsSinceCommit = 0;
        }
    }

    private void execute(PreparedStatement statement) throws SQLException {
        int count = buffered * width;
        for (int i = 0; i < count; i++) {
            Object value = buffer[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
            buffer[i] = null;
        }
        statement.executeUpdate();
    }

    private String sql(int rowCount) {
        StringBuilder group = new StringBuilder(width * 2 + 2).append('(');
        for (int c = 0; c < width; c++) {
            group.append(c == 0 ? "?" : ",?");
        }
        group.append(')');
        StringBuilder sql = new StringBuilder(prefix.length() + rowCount * (group.length() + 1));
        sql.append(prefix);
        for (int r = 0; r < rowCount; r++) {
            if (r > 0) {
                sql.append(',');
            }
            sql.append(group);
        }
        return sql.toString();
    }
}
