package dev.sluice.writer;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.DedupStore;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.RowWriter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The stateless writer function: applies one request to the target. Cloud-neutral; the in-process invoker
 * and the cloud adapters call {@link #apply}.
 *
 * <p>Exactly-once in effect for APPLY: a DynamoDB claim skips most duplicates cheaply, and the batch's
 * fence row, inserted in the same target transaction as its rows, rejects whatever gets past it (a claim
 * that expired while its writer was still committing, a lost store). Nothing is committed twice.
 */
public final class WriterFunction implements Function<WriterRequest, WriterResult> {
    private final DedupStore dedup;
    private final Clock clock;
    private final Duration lease;
    private final int poolSize;
    private final StructureWriter structure = new StructureWriter();

    /**
     * @param lease how long a claim protects a batch; a writer that dies mid-batch holds it this long
     */
    public WriterFunction(DedupStore dedup, Clock clock, Duration lease, int poolSize) {
        this.dedup = dedup;
        this.clock = clock;
        this.lease = lease;
        this.poolSize = poolSize;
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
                    return applyBatch(r, target);
                case FINISH_TABLE:
                    return structure.finishTable(r, target, Jdbc.pool(target, poolSize));
                case FINISH_STREAM:
                    return structure.finishStream(r, target, Jdbc.pool(target, poolSize));
                default:
                    return WriterResult.fatal("unknown writer operation " + r.op());
            }
        } catch (DatabaseException e) {
            return e.retryable() ? WriterResult.retryable(e.getMessage()) : WriterResult.fatal(e.getMessage());
        }
    }

    private WriterResult applyBatch(WriterRequest r, ConnectionUrl target) {
        Batch b;
        Table t;
        try {
            b = BatchCodec.decode(r.batch());
            t = r.structure().table(b.tableId());
            if (b.columns() != t.columns().size()) {
                return WriterResult.fatal("batch for table " + t.name() + " has " + b.columns() + " columns, the table "
                        + t.columns().size());
            }
        } catch (IllegalArgumentException e) {
            return WriterResult.fatal("malformed batch: " + e.getMessage());
        }
        String key = b.key().digest();
        DedupStore.Claim claim;
        try {
            claim = dedup.claim(r.streamId(), key, clock.instant(), lease);
        } catch (RuntimeException e) {
            return WriterResult.retryable("dedup store unavailable: " + e.getMessage());
        }
        if (claim == DedupStore.Claim.APPLIED) {
            return WriterResult.duplicate();
        }
        if (claim == DedupStore.Claim.BUSY) {
            return WriterResult.busy();
        }
        Dialect d = Dialect.of(target.engine());
        String schema = target.schema();
        long rows;
        try (Connection c = Jdbc.pool(target, poolSize).getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!fence(c, d, schema, r.streamId(), key)) {
                    c.rollback();
                    dedup.markApplied(r.streamId(), key, clock.instant());
                    return WriterResult.duplicate();
                }
                var rules = CastRules.forDirection(r.structure().sourceEngine(), target.engine());
                rows = RowWriter.of(target.engine()).write(c, b, t, Dialect.targetColumns(t, rules), schema,
                        r.options().upsert());
                if (rows != b.rowCount()) {
                    throw new SQLException("batch of " + t.name() + " decoded " + rows + " rows, its key says "
                            + b.rowCount());
                }
                WriterFaults.beforeCommit(b);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            dedup.release(r.streamId(), key);
            DatabaseException de = DatabaseException.during("writing rows " + b.key().firstId() + ".."
                    + b.key().lastId() + " of table " + t.name() + " into " + target, target.engine(), e);
            return de.retryable() ? WriterResult.retryable(de.getMessage()) : WriterResult.fatal(de.getMessage());
        } catch (DatabaseException e) {
            dedup.release(r.streamId(), key);
            throw e;
        } catch (RuntimeException e) {
            // a value the target cannot take (bad BIT text, corrupt row data): it will never succeed as sent
            dedup.release(r.streamId(), key);
            return WriterResult.fatal("writing rows " + b.key().firstId() + ".." + b.key().lastId() + " of table "
                    + t.name() + ": " + e.getMessage());
        }
        dedup.markApplied(r.streamId(), key, clock.instant());
        return WriterResult.applied(rows, b.length());
    }

    /** Inserts the fence row; false when the unique key says this batch was already committed. */
    private static boolean fence(Connection c, Dialect d, String schema, String stream, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.insertFence(schema))) {
            ps.setString(1, stream);
            ps.setString(2, key);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (d.isUniqueViolation(e)) {
                return false;
            }
            throw e;
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
