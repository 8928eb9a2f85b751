package dev.sluice.core.batch;

import dev.sluice.core.model.Table;

/**
 * Row layout of ordered change (CDC) batches, one action per batch, keys in primary-key order. Every row
 * starts with its source position (text that sorts in log order), then:
 * <ul>
 *   <li>INSERT: the after-image, all columns;</li>
 *   <li>UPDATE: the before-image's key columns, then the after-image (a changed key moves the row);</li>
 *   <li>DELETE: the before-image's key columns.</li>
 * </ul>
 * A batch's first and last ids are the source positions of its first and last change; its sequence is the
 * table's batch number, from 1.
 */
public final class ChangeRows {
    private ChangeRows() {
    }

    /** Values per row of a change batch of {@code t} with {@code action}. */
    public static int columns(Table t, Action action) {
        int k = t.primaryKey().size();
        int n = t.columns().size();
        switch (action) {
            case INSERT: return 1 + n;
            case UPDATE: return 1 + k + n;
            default: return 1 + k;
        }
    }
}
