package dev.sluice.writer;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.SequenceStore;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.ChangeLog;
import dev.sluice.jdbc.ChangeWriter;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.ValueRefusedException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * APPLY of ordered change batches (sequence &gt; 0): batch n of a table is applied only after n-1. The
 * sequence store gives the turn (one conditional write: "not my turn" makes the bridge retry later); the
 * target transaction locks the table's position row, checks it holds at least n-1, applies only the changes
 * whose source position is past the one it holds, and records the sequence and last position, so a zombie
 * writer, a concurrent duplicate, a batch cut differently after a bridge restart or a crash between commit
 * and {@link SequenceStore#advance} can never re-apply, skip or reorder a change.
 */
final class OrderedApplier {
    private final SequenceStore sequences;
    private final int poolSize;
    private final Set<String> positionTables = ConcurrentHashMap.newKeySet();

    OrderedApplier(SequenceStore sequences, int poolSize) {
        this.sequences = sequences;
        this.poolSize = poolSize;
    }

    /**
     * Applies the request's batches in order. Consecutive batches of one table (n, n+1, ...) go into one target
     * transaction under one turn and one advance of the sequence store: a table with many small batches (the
     * common case, since a batch holds consecutive changes of one action) is applied at the pace of the target,
     * not of three round trips per batch. Anything else is applied batch by batch, stopping at the first that
     * cannot be applied now.
     */
    WriterResult apply(WriterRequest r, ConnectionUrl target) {
        List<Batch> batches = new ArrayList<>(); // null where a batch is malformed
        List<String> problems = new ArrayList<>();
        boolean oneRun = true;
        for (byte[] bytes : r.batches()) {
            Batch b = null;
            String problem = null;
            try {
                b = BatchCodec.decode(bytes);
                r.structure().table(b.tableId());
            } catch (IllegalArgumentException e) {
                b = null;
                problem = "malformed change batch: " + e.getMessage();
            }
            Batch prev = batches.isEmpty() ? null : batches.get(batches.size() - 1);
            oneRun &= b != null && (prev == null
                    || (prev.tableId().equals(b.tableId()) && b.sequence() == prev.sequence() + 1));
            batches.add(b);
            problems.add(problem);
        }
        if (batches.isEmpty()) {
            return WriterResult.of(List.of());
        }
        return oneRun ? applyRun(r, target, batches) : applyEach(r, target, batches, problems);
    }

    /** Not one run (or a malformed batch among them): batch by batch, stopping at the first that cannot be applied. */
    private WriterResult applyEach(WriterRequest r, ConnectionUrl target, List<Batch> batches, List<String> problems) {
        List<WriterResult> out = new ArrayList<>();
        boolean blocked = false;
        for (int i = 0; i < batches.size(); i++) {
            if (blocked) {
                out.add(WriterResult.busy());
            } else if (batches.get(i) == null) {
                out.add(WriterResult.fatal(problems.get(i)));
                blocked = true;
            } else {
                WriterResult res = applyRun(r, target, List.of(batches.get(i)));
                out.addAll(res.items());
                blocked = !res.ok();
            }
        }
        return WriterResult.of(out);
    }

    /** One result per batch: {@code first} for the first, BUSY (not attempted) for the rest. */
    private static WriterResult fill(WriterResult first, int n) {
        List<WriterResult> out = new ArrayList<>();
        out.add(first);
        for (int i = 1; i < n; i++) {
            out.add(WriterResult.busy());
        }
        return WriterResult.of(out);
    }

    /** Batches n, n+1, ... of one table, in one target transaction; all or none. */
    private WriterResult applyRun(WriterRequest r, ConnectionUrl target, List<Batch> run) {
        Batch first = run.get(0);
        Batch lastBatch = run.get(run.size() - 1);
        Table t = r.structure().table(first.tableId());
        long n = first.sequence();
        SequenceStore.Turn turn;
        try {
            turn = sequences.turn(r.streamId(), t.id(), n);
        } catch (RuntimeException e) {
            return fill(WriterResult.retryable("sequence store unavailable: " + e.getMessage()), run.size());
        }
        if (turn == SequenceStore.Turn.WAIT) {
            return fill(new WriterResult(WriterResult.Status.BUSY, 0, 0, "not my turn: batch " + (n - 1) + " of "
                    + t.name() + " is not applied yet", List.of()), run.size());
        }
        // GO, or DONE: a batch numbered n was applied, but maybe by a zombie with other content; the target
        // decides by position which of these changes are in
        String schema = target.schema();
        List<WriterResult> items = new ArrayList<>();
        Batch current = first;
        long seq;
        try (Connection c = Jdbc.pool(target, poolSize).getConnection()) {
            if (!positionTables.contains(target.toUrlWithSecret())) {
                ensurePositionTable(c, target, r.structure());
            }
            c.setAutoCommit(false);
            try {
                ChangeWriter.Applied held = ChangeWriter.lockSequence(c, target.engine(), schema, r.streamId(), t.id());
                if (n > held.sequence() + 1) {
                    c.rollback();
                    return fill(new WriterResult(WriterResult.Status.BUSY, 0, 0, "not my turn: the target holds batch "
                            + held.sequence() + " of " + t.name() + ", this is " + n, List.of()), run.size());
                }
                if (lastBatch.key().lastId().compareTo(held.position()) <= 0) {
                    c.rollback();
                    sequences.advance(r.streamId(), t.id(), held.sequence());
                    return WriterResult.of(run.stream().map(b -> WriterResult.duplicate()).toList());
                }
                var types = Dialect.targetColumns(t, CastRules.forStructure(r.structure(), target.engine()));
                String position = held.position();
                for (Batch b : run) {
                    current = b;
                    if (b.key().lastId().compareTo(position) <= 0) {
                        items.add(WriterResult.duplicate());
                        continue;
                    }
                    ChangeWriter.Applied done = ChangeWriter.apply(c, target.engine(), b, t, types, schema, position);
                    position = done.position();
                    items.add(WriterResult.applied(done.sequence(), b.length()));
                }
                seq = Math.max(lastBatch.sequence(), held.sequence());
                ChangeWriter.setSequence(c, target.engine(), schema, r.streamId(), t.id(), seq, position);
                for (Batch b : run) {
                    WriterFaults.beforeCommit(b);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                WriterFunction.rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            if (isUndefinedTable(e) && positionTables.remove(target.toUrlWithSecret())) {
                return fill(WriterResult.retryable("the position table was missing and is created again: "
                        + e.getMessage()), run.size());
            }
            DatabaseException de = DatabaseException.during("applying change batch" + (run.size() > 1
                    ? "es " + n + "-" + lastBatch.sequence() : " " + n) + " of table " + t.name() + " into " + target,
                    target.engine(), e);
            return fill(de.retryable() ? WriterResult.retryable(de.getMessage()) : WriterResult.fatal(de.getMessage()),
                    run.size());
        } catch (DatabaseException e) {
            return fill(e.retryable() ? WriterResult.retryable(e.getMessage()) : WriterResult.fatal(e.getMessage()),
                    run.size());
        } catch (ValueRefusedException e) {
            // a change cannot be left out: nothing of this run is in, the position stays, the run stops
            return fill(WriterResult.fatal("a change to table " + t.name() + " was refused: " + e.getMessage()
                    + ". Change batch " + current.sequence() + " of " + t.name() + " (source positions "
                    + current.key().firstId() + ".." + current.key().lastId() + ") was not applied, nor anything after"
                    + " it in this table; the changes stay in JetStream: choose the policy or override, then resume"
                    + " replication with the same stream id"), run.size());
        }
        sequences.advance(r.streamId(), t.id(), seq);
        return WriterResult.of(items);
    }

    /**
     * The target's applied sequence and position per table; also moves the sequence store up to them, so a
     * store that lags the target (crash between commit and advance) agrees again before anything is sent.
     */
    WriterResult positions(WriterRequest r, ConnectionUrl target) {
        List<String> lines = new ArrayList<>();
        try (Connection c = Jdbc.pool(target, poolSize).getConnection()) {
            ensurePositionTable(c, target, r.structure());
            for (Table t : r.structure().tables()) {
                Object[] p = ChangeWriter.position(c, target.engine(), target.schema(), r.streamId(), t.id());
                long seq = (Long) p[0];
                if (seq > 0) {
                    sequences.advance(r.streamId(), t.id(), seq);
                }
                lines.add(t.id() + "\t" + seq + "\t" + p[1]);
            }
        } catch (SQLException e) {
            throw DatabaseException.during("reading CDC positions in " + target, target.engine(), e);
        }
        return WriterResult.done(lines);
    }

    /**
     * Creates the position table if missing, and the table counting values a policy changed when the stream
     * has policies; one at a time, as concurrent IF NOT EXISTS can collide.
     */
    private synchronized void ensurePositionTable(Connection c, ConnectionUrl target, Structure s) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(ChangeWriter.createPositionTable(target.engine(), target.schema()));
            if (s.tables().stream().anyMatch(t -> !t.policies().isDefault())) {
                st.execute(ChangeLog.createTable(Dialect.of(target.engine()), target.schema()));
            }
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e; // other than "another session created it at the same moment"
            }
        }
        positionTables.add(target.toUrlWithSecret());
    }

    private static boolean isUndefinedTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146;
    }
}
