package dev.sluice.writer;

import dev.sluice.core.batch.Batch;

import java.util.function.Consumer;

/**
 * A test seam for crash tests: a hook run after a batch's rows are written and before its commit. Tests set
 * it to kill the writer mid-batch (an {@link Error} that skips the claim release, as a dead process would);
 * production never sets it.
 */
public final class WriterFaults {
    private static volatile Consumer<Batch> beforeCommit;

    private WriterFaults() {
    }

    public static void beforeCommit(Consumer<Batch> hook) {
        beforeCommit = hook;
    }

    static void beforeCommit(Batch b) {
        Consumer<Batch> h = beforeCommit;
        if (h != null) {
            h.accept(b);
        }
    }
}
