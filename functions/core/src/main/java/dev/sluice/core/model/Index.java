package dev.sluice.core.model;

import java.util.List;

/**
 * A secondary index (the primary key is kept on {@link Table}).
 *
 * @param method {@code BTREE}, {@code HASH}, {@code FULLTEXT}, {@code SPATIAL}, {@code GIST}, {@code GIN}...
 * @param definition for PostgreSQL sources the full {@code CREATE INDEX} text (used for PG->PG), else null
 * @param expression true when the index has expressions or a predicate that only its definition carries
 */
public record Index(String name, List<String> columns, boolean unique, String method, String definition,
                    boolean expression) {
    public Index {
        columns = List.copyOf(columns);
    }
}
