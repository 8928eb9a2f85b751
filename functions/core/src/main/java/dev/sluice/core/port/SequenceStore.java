package dev.sluice.core.port;

/**
 * The per-table order of CDC batches (DynamoDB in production): batch {@code n} of a table may be applied
 * only after batch {@code n-1}. The target transaction's position row is the final fence; this store lets
 * a writer tell "not my turn yet" and "already applied" without touching the target.
 *
 * <p>Lifecycle per batch: {@link #turn} before writing; after the target committed, {@link #advance}.
 */
public interface SequenceStore {

    enum Turn {
        /** Batch n-1 is the last applied: apply n now. */
        GO,
        /** Batch n (or later) is already applied: skip. */
        DONE,
        /** An earlier batch is still missing: try again later. */
        WAIT
    }

    /** Whether batch {@code sequence} (1-based) of a table may be applied now. One conditional write. */
    Turn turn(String streamId, String tableId, long sequence);

    /** Records that batch {@code sequence} was applied (no-op if the store is already at or past it). */
    void advance(String streamId, String tableId, long sequence);

    /** The last applied sequence of a table, 0 if none. */
    long applied(String streamId, String tableId);
}
