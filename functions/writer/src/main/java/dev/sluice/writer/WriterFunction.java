package dev.sluice.writer;

import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.port.DedupStore;
import dev.sluice.core.port.SequenceStore;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The stateless writer function: applies one request to the target. Cloud-neutral; the in-process invoker
 * and the cloud adapters call {@link #apply}.
 *
 * <p>Exactly-once in effect for APPLY: a DynamoDB claim skips most duplicates cheaply, and each batch's
 * fence row, inserted in the same target transaction as its rows, rejects whatever gets past it (a claim
 * that expired while its writer was still committing, a lost store). Nothing is committed twice.
 */
public final class WriterFunction implements Function<WriterRequest, WriterResult> {
    private final int poolSize;
    private final StructureWriter structure = new StructureWriter();
    private final BatchApplier batches;
    private final OrderedApplier ordered;

    /**
     * @param dedup     batch keys of unordered (convert) batches
     * @param sequences per-table order of change (CDC) batches
     * @param lease     how long a claim protects a batch; a writer that dies mid-batch holds it this long
     */
    public WriterFunction(DedupStore dedup, SequenceStore sequences, Clock clock, Duration lease, int poolSize) {
        this.poolSize = poolSize;
        this.batches = new BatchApplier(dedup, clock, lease, poolSize);
        this.ordered = new OrderedApplier(sequences, poolSize);
    }

    @Override
    public WriterResult apply(WriterRequest r) {
        ConnectionUrl target;
        try {
            target = ConnectionUrl.parse(r.target());
        } catch (IllegalArgumentException e) {
            return WriterResult.fatal(e.getMessage());
        }
        try {
            switch (r.op()) {
                case PREPARE:
                    return structure.prepare(r, target, Jdbc.pool(target, poolSize));
                case APPLY:
                    boolean inOrder = !r.batches().isEmpty() && BatchCodec.sequenceOf(r.batches().get(0)) > 0;
                    return inOrder ? ordered.apply(r, target) : batches.apply(r, target);
                case FINISH_TABLE:
                    return structure.finishTable(r, target, Jdbc.pool(target, poolSize));
                case FINISH_STREAM:
                    return structure.finishStream(r, target, Jdbc.pool(target, poolSize));
                case POSITIONS:
                    return ordered.positions(r, target);
                default:
                    return WriterResult.fatal("unknown writer operation " + r.op());
            }
        } catch (DatabaseException e) {
            return e.retryable() ? WriterResult.retryable(e.getMessage()) : WriterResult.fatal(e.getMessage());
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the transaction is gone with it
        }
    }
}
