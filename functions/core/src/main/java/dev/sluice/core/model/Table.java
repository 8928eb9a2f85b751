package dev.sluice.core.model;

import dev.sluice.core.types.ValuePolicies;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source table: columns in ordinal order, primary key, secondary indexes, foreign keys and CHECK
 * constraints, with the value policies the stream applies to it.
 *
 * @param schema        the source schema (PostgreSQL) or database (MySQL)
 * @param name          the table name, case kept
 * @param customQuery   a user query that replaces {@code SELECT * FROM table}, or null
 * @param estimatedRows the catalog's row estimate (used for progress until the exact count is known)
 * @param checks        CHECK constraints (not those MariaDB uses to mark JSON columns)
 * @param partitioning  for a partitioned source table, how it is partitioned (e.g. {@code RANGE (created)}),
 *                      else null: the target table is created unpartitioned and this is reported
 * @param policies      what to do with values the target cannot hold ({@code valuePolicies})
 */
public record Table(String schema, String name, List<Column> columns, List<String> primaryKey,
                    List<Index> indexes, List<ForeignKey> foreignKeys, long estimatedRows, String customQuery,
                    List<Check> checks, String partitioning, ValuePolicies policies) {
    public Table {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        checks = checks == null ? List.of() : List.copyOf(checks);
        policies = policies == null ? ValuePolicies.DEFAULT : policies;
    }

    /** A table without CHECK constraints or partitioning, under the default (error) value policies. */
    public Table(String schema, String name, List<Column> columns, List<String> primaryKey, List<Index> indexes,
                 List<ForeignKey> foreignKeys, long estimatedRows, String customQuery) {
        this(schema, name, columns, primaryKey, indexes, foreignKeys, estimatedRows, customQuery, List.of(), null,
                ValuePolicies.DEFAULT);
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
        return new Table(schema, name, columns, primaryKey, indexes, foreignKeys, rows, customQuery, checks,
                partitioning, policies);
    }

    public Table withColumns(List<Column> cols) {
        return new Table(schema, name, cols, primaryKey, indexes, foreignKeys, estimatedRows, customQuery, checks,
                partitioning, policies);
    }

    public Table withForeignKeys(List<ForeignKey> fks) {
        return new Table(schema, name, columns, primaryKey, indexes, fks, estimatedRows, customQuery, checks,
                partitioning, policies);
    }

    public Table withPolicies(ValuePolicies p) {
        return new Table(schema, name, columns, primaryKey, indexes, foreignKeys, estimatedRows, customQuery, checks,
                partitioning, p);
    }
}
