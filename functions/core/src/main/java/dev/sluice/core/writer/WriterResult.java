package dev.sluice.core.writer;

import java.util.List;

/**
 * What a writer call did.
 *
 * @param status   outcome
 * @param rows     rows written (0 for a skipped duplicate)
 * @param bytes    encoded bytes written
 * @param message  for errors: what went wrong, in words a person can act on
 * @param notes    things the user should know (an index that could not be translated, a default dropped...)
 * @param items    for APPLY: one result per batch of the request, in request order
 */
public record WriterResult(Status status, long rows, long bytes, String message, List<String> notes,
                           List<WriterResult> items) {
    public enum Status {
        APPLIED,
        /** Already applied earlier: nothing changed. */
        DUPLICATE,
        /** Another writer holds this batch right now: retry later. */
        BUSY,
        /** Failed but may succeed later (connection lost, deadlock, lock timeout). */
        RETRYABLE,
        /** Will never succeed as sent (bad data, missing table, malformed batch). */
        FATAL
    }

    public WriterResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
        items = items == null ? List.of() : List.copyOf(items);
    }

    public WriterResult(Status status, long rows, long bytes, String message, List<String> notes) {
        this(status, rows, bytes, message, notes, List.of());
    }

    /** The result of an APPLY of several batches: per-batch results; the overall status is the worst one. */
    public static WriterResult of(List<WriterResult> items) {
        Status worst = Status.APPLIED;
        long rows = 0;
        long bytes = 0;
        String message = null;
        for (WriterResult r : items) {
            rows += r.rows();
            bytes += r.bytes();
            if (r.status().ordinal() > worst.ordinal()) {
                worst = r.status();
                message = r.message();
            }
        }
        return new WriterResult(worst, rows, bytes, message, List.of(), items);
    }

    public static WriterResult applied(long rows, long bytes) {
        return new WriterResult(Status.APPLIED, rows, bytes, null, List.of());
    }

    public static WriterResult done(List<String> notes) {
        return new WriterResult(Status.APPLIED, 0, 0, null, notes);
    }

    public static WriterResult duplicate() {
        return new WriterResult(Status.DUPLICATE, 0, 0, null, List.of());
    }

    public static WriterResult busy() {
        return new WriterResult(Status.BUSY, 0, 0, "batch is being applied by another writer", List.of());
    }

    public static WriterResult retryable(String message) {
        return new WriterResult(Status.RETRYABLE, 0, 0, message, List.of());
    }

    public static WriterResult fatal(String message) {
        return new WriterResult(Status.FATAL, 0, 0, message, List.of());
    }

    public boolean ok() {
        return status == Status.APPLIED || status == Status.DUPLICATE;
    }
}
