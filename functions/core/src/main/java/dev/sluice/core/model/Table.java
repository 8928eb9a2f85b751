package dev.sluice.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source table: columns in ordinal order, primary key, secondary indexes and foreign keys.
 *
 * @param schema        the source schema (PostgreSQL) or database (MySQL)
 * @param name          the table name, case kept
 * @param customQuery   a user query that replaces {@code SELECT * FROM table}, or null
 * @param estimatedRows the catalog's row estimate (used for progress until the exact count is known)
 */
public record Table(String schema, String name, List<Column> columns, List<String> primaryKey,
                    List<Index> indexes, List<ForeignKey> foreignKeys, long estimatedRows, String customQuery) {
    public Table {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** The id used in batch keys, subjects' payloads and reports: the bare table name. */
    public String id() {
        return name;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public int columnIndex(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    public Table withEstimatedRows(long rows) {
        return new Table(schema, name, columns, primaryKey, indexes, foreignKeys, rows, customQuery);
    }
}
