package dev.sluice.core.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Live counters of one table, shared by reader side and writer side; lock-free. */
public final class TableProgress {
    private final String tableId;
    private final AtomicLong expectedRows = new AtomicLong();
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong batchesPublished = new AtomicLong();
    private final AtomicLong rowsApplied = new AtomicLong();
    private final AtomicLong bytesApplied = new AtomicLong();
    private final AtomicLong batchesApplied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong poison = new AtomicLong();
    private final AtomicLong startNanos = new AtomicLong();
    private final AtomicLong endNanos = new AtomicLong();
    /** Batches the reader published in total, known once the table is read; -1 before. */
    private final AtomicLong totalBatches = new AtomicLong(-1);
    private final AtomicReference<String> state = new AtomicReference<>("waiting");
    /** Keys of batches known applied; counts each batch once however often it was delivered. */
    private final java.util.Set<String> doneKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public TableProgress(String tableId, long expectedRows) {
        this.tableId = tableId;
        this.expectedRows.set(Math.max(0, expectedRows));
    }

    public String tableId() {
        return tableId;
    }

    public void started(long nanos) {
        startNanos.compareAndSet(0, nanos);
        state.compareAndSet("waiting", "copying");
    }

    public void read(long rows, long bytes) {
        rowsRead.addAndGet(rows);
        bytesRead.addAndGet(bytes);
        batchesPublished.incrementAndGet();
    }

    /** Reader finished the table: the exact row count replaces the estimate. */
    public void readDone(long batches, long rows) {
        totalBatches.set(batches);
        expectedRows.set(rows);
    }

    /** A batch was committed by a writer. */
    public void applied(String batchKey, long rows, long bytes) {
        rowsApplied.addAndGet(rows);
        bytesApplied.addAndGet(bytes);
        if (doneKeys.add(batchKey)) {
            batchesApplied.incrementAndGet();
        }
    }

    /** A delivery was recognised as already applied and skipped. */
    public void duplicate(String batchKey) {
        duplicates.incrementAndGet();
        if (doneKeys.add(batchKey)) {
            batchesApplied.incrementAndGet();
        }
    }

    public void poisoned() {
        poison.incrementAndGet();
    }

    public void finished(long nanos, String finalState) {
        endNanos.compareAndSet(0, nanos);
        state.set(finalState);
    }

    public void state(String s) {
        state.set(s);
    }

    public String state() {
        return state.get();
    }

    public long expectedRows() {
        return expectedRows.get();
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long batchesPublished() {
        return batchesPublished.get();
    }

    public long rowsApplied() {
        return rowsApplied.get();
    }

    public long bytesApplied() {
        return bytesApplied.get();
    }

    public long batchesApplied() {
        return batchesApplied.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long poison() {
        return poison.get();
    }

    public long totalBatches() {
        return totalBatches.get();
    }

    /** True once the reader is done and every published batch was applied or skipped as duplicate. */
    public boolean allApplied() {
        long total = totalBatches.get();
        return total >= 0 && batchesApplied.get() >= total;
    }

    public long startNanos() {
        return startNanos.get();
    }

    public long endNanos() {
        return endNanos.get();
    }

    /** Percentage of rows applied against the best known total (estimate until read is done). */
    public double percent() {
        long exp = expectedRows.get();
        if (exp <= 0) {
            return allApplied() ? 100.0 : 0.0;
        }
        return Math.min(100.0, 100.0 * rowsApplied.get() / exp);
    }
}
