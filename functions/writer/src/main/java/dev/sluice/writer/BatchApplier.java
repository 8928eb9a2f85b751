package dev.sluice.writer;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.DedupStore;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.types.TargetType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * APPLY: writes the batches of one request. Claims them in the dedup store in one call, then writes every
 * claimed batch with its fence row in a single target transaction; if that transaction cannot commit as a
 * whole (one batch already fenced, one batch the target refuses) each batch is written in a transaction of its
 * own, so a bad batch is isolated and the good ones still land. Each batch's result is reported on its own.
 *
 * <p>A row holding a value that a value policy refuses is left out of its batch and recorded in the same
 * transaction ({@link dev.sluice.jdbc.RefusalLog}); the batch's other rows are written and it counts as
 * applied with the rows it wrote. The run reads the record at its end and fails.
 */
final class BatchApplier {
    private final DedupStore dedup;
    private final Clock clock;
    private final Duration lease;
    private final int poolSize;

    BatchApplier(DedupStore dedup, Clock clock, Duration lease, int poolSize) {
        this.dedup = dedup;
        this.clock = clock;
        this.lease = lease;
        this.poolSize = poolSize;
    }

    /** A decoded batch of the request with its table and dedup key. */
    private record Item(int index, Batch batch, Table table, String key) {
    }

    WriterResult apply(WriterRequest r, ConnectionUrl target) {
        WriterResult[] out = new WriterResult[r.batches().size()];
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            try {
                Batch b = BatchCodec.decode(r.batches().get(i));
                Table t = r.structure().table(b.tableId());
                if (b.columns() != t.columns().size()) {
                    out[i] = WriterResult.fatal("batch for table " + t.name() + " has " + b.columns()
                            + " columns, the table " + t.columns().size());
                } else {
                    items.add(new Item(i, b, t, b.key().digest()));
                }
            } catch (IllegalArgumentException e) {
                out[i] = WriterResult.fatal("malformed batch: " + e.getMessage());
            }
        }
        Map<String, DedupStore.Claim> claims;
        try {
            claims = dedup.claimAll(r.streamId(), items.stream().map(Item::key).toList(), clock.instant(), lease);
        } catch (RuntimeException e) {
            items.forEach(it -> out[it.index()] = WriterResult.retryable("dedup store unavailable: " + e.getMessage()));
            return WriterResult.of(List.of(out));
        }
        List<Item> claimed = new ArrayList<>();
        for (Item it : items) {
            DedupStore.Claim c = claims.get(it.key());
            if (c == DedupStore.Claim.APPLIED) {
                out[it.index()] = WriterResult.duplicate();
            } else if (c == DedupStore.Claim.BUSY) {
                out[it.index()] = WriterResult.busy();
            } else {
                claimed.add(it);
            }
        }
        if (claimed.size() > 1 && writeTogether(r, target, claimed, out)) {
            return WriterResult.of(List.of(out));
        }
        for (Item it : claimed) {
            out[it.index()] = writeAlone(r, target, it);
        }
        return WriterResult.of(List.of(out));
    }

    /** One transaction for all; true when it committed (or failed in a way every batch shares). */
    private boolean writeTogether(WriterRequest r, ConnectionUrl target, List<Item> items, WriterResult[] out) {
        Dialect d = Dialect.of(target.engine());
        long[] written = new long[items.size()];
        try (Connection c = Jdbc.pool(target, poolSize).getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!fence(c, d, target.schema(), r.streamId(), items.stream().map(Item::key).toList())) {
                    c.rollback();
                    return false;
                }
                for (int i = 0; i < items.size(); i++) {
                    written[i] = write(c, r, target, items.get(i));
                }
                for (Item it : items) {
                    WriterFaults.beforeCommit(it.batch());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                WriterFunction.rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            if (!DatabaseException.isRetryable(target.engine(), e)) {
                return false;
            }
            for (Item it : items) {
                dedup.release(r.streamId(), it.key());
                out[it.index()] = WriterResult.retryable(describe(target, it, e));
            }
            return true;
        } catch (DatabaseException e) {
            if (!e.retryable()) {
                return false;
            }
            for (Item it : items) {
                dedup.release(r.streamId(), it.key());
                out[it.index()] = WriterResult.retryable(e.getMessage());
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
        dedup.markAppliedAll(r.streamId(), items.stream().map(Item::key).toList(), clock.instant());
        for (int i = 0; i < items.size(); i++) {
            out[items.get(i).index()] = WriterResult.applied(written[i], items.get(i).batch().length());
        }
        return true;
    }

    private WriterResult writeAlone(WriterRequest r, ConnectionUrl target, Item it) {
        Dialect d = Dialect.of(target.engine());
        long written;
        try (Connection c = Jdbc.pool(target, poolSize).getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!fence(c, d, target.schema(), r.streamId(), List.of(it.key()))) {
                    c.rollback();
                    dedup.markApplied(r.streamId(), it.key(), clock.instant());
                    return WriterResult.duplicate();
                }
                written = write(c, r, target, it);
                WriterFaults.beforeCommit(it.batch());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                WriterFunction.rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            dedup.release(r.streamId(), it.key());
            String msg = describe(target, it, e);
            return DatabaseException.isRetryable(target.engine(), e) ? WriterResult.retryable(msg) : WriterResult.fatal(msg);
        } catch (DatabaseException e) {
            dedup.release(r.streamId(), it.key());
            return e.retryable() ? WriterResult.retryable(e.getMessage()) : WriterResult.fatal(e.getMessage());
        } catch (RuntimeException e) {
            // a value the target cannot take (bad BIT text, corrupt row data): it will never succeed as sent
            dedup.release(r.streamId(), it.key());
            return WriterResult.fatal(describe(target, it, e));
        }
        dedup.markApplied(r.streamId(), it.key(), clock.instant());
        return WriterResult.applied(written, it.batch().length());
    }

    /** Writes a batch's rows; returns how many were written (refused rows are left out and recorded). */
    private static long write(Connection c, WriterRequest r, ConnectionUrl target, Item it) throws SQLException {
        CastRules rules = CastRules.forStructure(r.structure(), target.engine());
        List<TargetType> types = Dialect.targetColumns(it.table(), rules);
        RowWriter.Written w = RowWriter.of(target.engine()).write(c, it.batch(), it.table(), types, target.schema(),
                r.options().upsert());
        if (w.rows() + w.refused() != it.batch().rowCount()) {
            throw new SQLException("batch of " + it.table().name() + " decoded " + (w.rows() + w.refused())
                    + " rows, its key says " + it.batch().rowCount());
        }
        return w.rows();
    }

    /** Inserts fence rows; false when the unique key says one of these batches was already committed. */
    private static boolean fence(Connection c, Dialect d, String schema, String stream, List<String> keys)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.insertFence(schema, keys.size()))) {
            int p = 1;
            for (String k : keys) {
                ps.setString(p++, stream);
                ps.setString(p++, k);
            }
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (d.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static String describe(ConnectionUrl target, Item it, Exception e) {
        String what = "writing rows " + it.batch().key().firstId() + ".." + it.batch().key().lastId() + " of table "
                + it.table().name() + " into " + target;
        if (e instanceof SQLException se) {
            return DatabaseException.during(what, target.engine(), se).getMessage();
        }
        return what + ": " + e.getMessage();
    }
}

