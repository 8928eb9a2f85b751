package dev.sluice.jdbc;

import dev.sluice.core.model.Table;

/**
 * A piece of a table to read: an integer primary-key range {@code [low, high)} ({@code high} inclusive when
 * {@code last}), or the whole table (keyset pages when it has a primary key, one pass otherwise).
 */
public record Chunk(Table table, int tableOrdinal, Long low, Long high, boolean last) {
    public boolean isRange() {
        return low != null;
    }

    public static Chunk whole(Table t, int ordinal) {
        return new Chunk(t, ordinal, null, null, true);
    }
}
