package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.batch.ChangeRows;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.EventHub.Delivery;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One table's changes: the batch being filled by the consumer thread, and a serial chain of batches being
 * applied on the bridge.pool. Sequence numbers and the last queued position belong to the consumer thread.
 */
final class ChangeLane {
    private final CdcBridge bridge;
    final Table table;
    long nextSeq;
    /** Position of the last change queued for apply (consumer thread only). */
    String lastPosition;
    /** Position of the last change committed on the target. */
    volatile String appliedPosition;
    Action action;
    RowEncoder rows = new RowEncoder(16 * 1024);
    List<Delivery> deliveries = new ArrayList<>();
    List<Long> commits = new ArrayList<>();
    String first;
    /** Sealed batches not applied yet, in sequence order; applied by at most one drain task at a time. */
    final java.util.concurrent.ConcurrentLinkedQueue<Sealed> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();
    /**
     * Batches up to this sequence go to the writer one per call: a call holding several crashed the writer,
     * and only a call of one batch tells which batch does that (drain thread only).
     */
    long aloneThrough;
    volatile long captured;
    volatile long applied;

    ChangeLane(CdcBridge bridge, Table table, long appliedSeq, String appliedPosition) {
        this.bridge = bridge;
        this.table = table;
        this.nextSeq = appliedSeq + 1;
        this.lastPosition = appliedPosition;
        this.appliedPosition = appliedPosition;
    }

    void add(ChangeEvent e, Delivery d) {
        if (e.position().compareTo(appliedPosition) <= 0) {
            bridge.ack(d); // already applied (redelivery, or Debezium replaying after a restart)
            return;
        }
        if (e.position().compareTo(lastPosition) <= 0) {
            bridge.outstanding.remove(d);
            return; // a redelivered copy of a change still queued: its first delivery is acked once applied
        }
        if (action != null && (action != e.action() || rows.rowCount() >= bridge.cfg.dataBundleSize()
                || rows.size() > 512 * 1024)) {
            seal();
        }
        action = e.action();
        try {
            ChangeEncoder.encode(e, table, rows);
        } catch (DebeziumDecoder.MalformedChangeException ex) {
            bridge.term(d);
            bridge.fail(ex.getMessage());
            return;
        }
        deliveries.add(d);
        commits.add(e.commitMs());
        first = first == null ? e.position() : first;
        lastPosition = e.position();
        captured++;
        bridge.progress.table(table.id()).read(1, 0);
    }

    /** Closes the batch being filled and queues it for apply after the table's earlier batches. */
    void seal() {
        if (action == null || rows.rowCount() == 0) {
            action = null;
            return;
        }
        Batch b = Batch.of(bridge.cfg.id(), table.id(), action, first, lastPosition, nextSeq++, ChangeRows.columns(table, action),
                rows);
        queue.add(new Sealed(b, BatchCodec.encode(b), deliveries, commits));
        rows = new RowEncoder(16 * 1024);
        deliveries = new ArrayList<>();
        commits = new ArrayList<>();
        action = null;
        first = null;
        schedule();
    }

    private void schedule() {
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                bridge.pool.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                draining.set(false); // the bridge is closing: what is queued stays unacked in JetStream
            }
        }
    }

    /**
     * Applies what is queued, oldest first, several batches per writer call (one target transaction), until
     * the queue is empty; one drain per table at a time keeps the table's order.
     */
    private void drain() {
        try {
            while (!bridge.progress.status().isTerminal() && !queue.isEmpty()) {
                List<Sealed> group = new ArrayList<>();
                long bytes = 0;
                for (Sealed x : queue) {
                    // the queue is in sequence order: a first batch past aloneThrough means the rest are too
                    if (!group.isEmpty() && (group.size() >= CdcBridge.GROUP_BATCHES || bytes + x.msg.length > CdcBridge.GROUP_BYTES
                            || group.get(0).batch.sequence() <= aloneThrough)) {
                        break;
                    }
                    group.add(x);
                    bytes += x.msg.length;
                }
                applyUntilDone(group);
            }
        } finally {
            draining.set(false);
        }
        if (!bridge.progress.status().isTerminal()) {
            schedule(); // a batch sealed just before draining was reset
        }
    }

    private void applyUntilDone(List<Sealed> group) {
        int failures = 0;
        while (!bridge.progress.status().isTerminal() && !group.isEmpty()) {
            WriterResult r;
            try {
                r = bridge.invoker.invoke(new WriterRequest(WriterRequest.Op.APPLY, bridge.cfg.id(), bridge.cfg.target().toUrlWithSecret(),
                        bridge.structure, table.id(), group.stream().map(x -> x.msg).toList(), null));
            } catch (Throwable crash) {
                if (group.size() > 1) {
                    // which batch killed the writer is unknown: not counted; the group's batches go one per call
                    aloneThrough = group.get(group.size() - 1).batch.sequence();
                    group.forEach(x -> x.deliveries.forEach(bridge::inProgress));
                    CdcBridge.sleep(200);
                    return;
                }
                r = WriterResult.retryable("writer crashed: " + crash);
            }
            List<WriterResult> items = r.items().isEmpty() ? List.of(r) : r.items();
            int done = 0;
            while (done < group.size() && done < items.size() && items.get(done).ok()) {
                applied(group.get(done));
                queue.poll();
                done++;
            }
            if (done > 0) {
                failures = 0;
            }
            group = group.subList(done, group.size());
            if (group.isEmpty()) {
                return;
            }
            WriterResult bad = done < items.size() ? items.get(done) : r;
            Sealed next = group.get(0);
            if (bad.status() == WriterResult.Status.FATAL) {
                // not termed: skipping a change would leave the target diverged; the deliveries are nakked
                // at close and stay in JetStream, so a resumed stream applies them once the cause is fixed
                bridge.fail("table " + table.name() + ": " + bad.message());
                return;
            }
            if (bad.status() == WriterResult.Status.RETRYABLE && ++failures >= bridge.cfg.maxDeliveries()) {
                bridge.fail("change batch " + next.batch.sequence() + " of " + table.name() + " failed " + failures
                        + " times: " + bad.message());
                return;
            }
            group.forEach(x -> x.deliveries.forEach(bridge::inProgress));
            CdcBridge.sleep(bad.status() == WriterResult.Status.BUSY ? 200 : Math.min(10_000, 200L << Math.min(failures, 6)));
        }
    }

    private void applied(Sealed x) {
        long now = bridge.clock.millis();
        x.deliveries.forEach(bridge::ack);
        x.commits.forEach(c -> bridge.lag.record(now - c));
        applied += x.batch.rowCount();
        appliedPosition = x.batch.key().lastId();
        bridge.progress.table(table.id()).applied(x.batch.key().digest(), x.batch.rowCount(), x.batch.length());
    }

    /** A batch ready for apply: the batch, its encoding, the deliveries it holds and their commit times. */
    record Sealed(Batch batch, byte[] msg, List<Delivery> deliveries, List<Long> commits) {
    }
}
