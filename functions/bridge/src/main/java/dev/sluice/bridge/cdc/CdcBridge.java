package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.batch.ChangeRows;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.EventHub;
import dev.sluice.core.port.EventHub.Delivery;
import dev.sluice.core.port.Invoker;
import dev.sluice.core.port.Subjects;
import dev.sluice.core.stats.LagStats;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CDC bridge: follows the change events Debezium Server publishes to {@code SLUICE_<id>_CDC}, drops
 * redelivered or replayed events by source position, groups consecutive events of a table with the same
 * action into numbered batches and has them applied strictly in order per table (tables in parallel), by
 * writer calls that fence each batch in the target. A message is acked only once the batch holding it is
 * committed (or it was a duplicate).
 *
 * <p>Ordering guarantee: per table, changes are applied in source log order. Changes of one source
 * transaction that span tables are applied per table, not atomically: a reader of the target can briefly
 * see one table's part of a transaction before another's.
 */
public final class CdcBridge implements AutoCloseable {
    /** A change not acked this long (its bridge died) is delivered again; long applies send in-progress. */
    static final Duration ACK_WAIT = Duration.ofSeconds(30);
    static final Duration FETCH_WAIT = Duration.ofMillis(100);
    static final int FETCH = 500;
    static final int MAX_PENDING = 20_000;
    /** At most this many batches, and bytes of them, per writer call (one target transaction). */
    static final int GROUP_BATCHES = 64;
    static final int GROUP_BYTES = 4 * 1024 * 1024;

    private final StreamConfig cfg;
    private final Structure structure;
    private final EventHub hub;
    private final Invoker invoker;
    private final StreamProgress progress;
    private final LagStats lag;
    private final Clock clock;
    private final Map<String, TableLane> lanes = new HashMap<>();
    private final ExecutorService pool;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Thread consumer;
    /** Deliveries received and neither acked nor terminated yet; nakked at close so they come back at once. */
    private final java.util.Set<Delivery> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private volatile String hubProblem;
    private final java.util.concurrent.atomic.AtomicLong resets = new java.util.concurrent.atomic.AtomicLong();

    public CdcBridge(StreamConfig cfg, Structure structure, EventHub hub, Invoker invoker, StreamProgress progress,
                     LagStats lag, Clock clock) {
        this.cfg = cfg;
        this.structure = structure;
        this.hub = hub;
        this.invoker = invoker;
        this.progress = progress;
        this.lag = lag;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(Math.max(1, cfg.writerConcurrency()), r -> {
            Thread t = new Thread(r, "sluice-cdc-writer");
            t.setDaemon(true);
            return t;
        });
        this.consumer = new Thread(this::consume, "sluice-cdc-bridge");
        consumer.setDaemon(true);
    }

    /** Reads the target's applied positions (the truth after any restart), then starts consuming. */
    public void start() {
        WriterResult r = invoker.invoke(new WriterRequest(WriterRequest.Op.POSITIONS, cfg.id(),
                cfg.target().toUrlWithSecret(), structure, null, List.of(), null));
        if (!r.ok()) {
            throw new IllegalStateException("cannot read CDC positions from the target: " + r.message());
        }
        for (String line : r.notes()) {
            String[] p = line.split("\t", 3);
            Table t = structure.table(p[0]);
            lanes.put(t.name(), new TableLane(t, Long.parseLong(p[1]), p.length > 2 ? p[2] : ""));
            progress.table(t.id(), 0);
        }
        // A consumer kept from an earlier bridge would redeliver that bridge's unacked changes after newer
        // ones; a fresh one delivers everything not yet acked in log order.
        hub.deleteConsumer(Subjects.cdcStreamId(cfg.id()), "cdc");
        progress.status(StreamStatus.RUNNING);
        consumer.start();
    }

    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
    }

    public boolean isPaused() {
        return paused.get();
    }

    /**
     * Consumer sessions, one after the other: a session ends when the hub fails (NATS restarted or unreachable)
     * or a delivery was lost on the way (its consumer sequence number is skipped). Then the consumer is
     * deleted and a fresh one delivers, in log order, everything not yet acked, the lost delivery included;
     * changes already queued or applied are recognised by position.
     */
    private void consume() {
        long backoff = 100;
        while (!closing && !progress.status().isTerminal()) {
            boolean gap = false;
            try (EventHub.HubConsumer sub = hub.consumer(Subjects.cdcStreamId(cfg.id()), "cdc", Subjects.cdc(cfg.id()),
                    ACK_WAIT, MAX_PENDING)) {
                gap = follow(sub);
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    return;
                }
                hubProblem = "JetStream: " + e.getMessage();
            }
            if (closing || progress.status().isTerminal()) {
                return;
            }
            resets.incrementAndGet();
            for (TableLane lane : lanes.values()) {
                lane.seal();
            }
            if (!gap) {
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
            freshConsumer();
        }
    }

    /** Follows one consumer until closing, a failure (thrown) or a skipped delivery (returns true). */
    private boolean follow(EventHub.HubConsumer sub) throws InterruptedException {
        long expected = 1; // a fresh consumer numbers its deliveries from 1
        while (!closing && !progress.status().isTerminal()) {
            if (paused.get()) {
                Thread.sleep(100);
                continue;
            }
            List<Delivery> batch = sub.fetch(FETCH, FETCH_WAIT);
            hubProblem = null;
            for (Delivery d : batch) {
                long n = d.consumerSequence();
                if (n > 0 && n != expected) {
                    // a delivery between was lost (connection dropped mid-fetch): this and the rest come again
                    hubProblem = "delivery " + expected + " of the CDC consumer was lost on the way; starting it again";
                    return true;
                }
                expected = n + 1;
                route(d);
            }
            for (TableLane lane : lanes.values()) {
                lane.seal();
            }
        }
        return false;
    }

    /** Deletes the consumer (retrying while the hub is away), so the next one starts from the oldest unacked. */
    private void freshConsumer() {
        long backoff = 200;
        while (!closing) {
            try {
                hub.deleteConsumer(Subjects.cdcStreamId(cfg.id()), "cdc");
                return;
            } catch (RuntimeException e) {
                hubProblem = "JetStream: " + e.getMessage();
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    /** Restarts of the consumer after a hub failure or a lost delivery, since start. */
    public long consumerRestarts() {
        return resets.get();
    }

    /** What is wrong with the hub right now (NATS away...), or null. */
    public String hubProblem() {
        return hubProblem;
    }

    private void route(Delivery d) {
        outstanding.add(d);
        ChangeEvent e;
        try {
            e = DebeziumDecoder.decode(d.data());
        } catch (DebeziumDecoder.MalformedChangeException ex) {
            term(d);
            fail("change event on " + d.subject() + ": " + ex.getMessage());
            return;
        }
        if (e == null) {
            ack(d);
            return;
        }
        TableLane lane = lanes.get(e.table());
        if (lane == null) {
            ack(d);
            progress.note("changes of table " + e.table() + " are captured but the table is not part of this stream");
            return;
        }
        lane.add(e, d);
    }

    /**
     * Acks are best effort: one lost while NATS is away only means the change is delivered again, and is then
     * recognised as applied by its position. An exception here must not break a table's chain of applies.
     */
    private void ack(Delivery d) {
        outstanding.remove(d);
        try {
            d.ack();
        } catch (RuntimeException e) {
            hubProblem = "JetStream: ack failed: " + e.getMessage();
        }
    }

    private void term(Delivery d) {
        outstanding.remove(d);
        try {
            d.term();
        } catch (RuntimeException e) {
            hubProblem = "JetStream: term failed: " + e.getMessage();
        }
    }

    private void inProgress(Delivery d) {
        try {
            d.inProgress();
        } catch (RuntimeException e) {
            hubProblem = "JetStream: " + e.getMessage();
        }
    }

    private void fail(String message) {
        progress.error(message);
        progress.status(StreamStatus.FAILED);
    }

    /** Changes captured (delivered, not duplicates) and applied so far. */
    public long captured() {
        return lanes.values().stream().mapToLong(l -> l.captured).sum();
    }

    public long applied() {
        return lanes.values().stream().mapToLong(l -> l.applied).sum();
    }

    @Override
    public void close() {
        closing = true;
        try {
            consumer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdown();
        try {
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what was received but not applied goes back to JetStream now, not after the ack wait
        for (Delivery d : outstanding) {
            try {
                d.nak(Duration.ZERO);
            } catch (RuntimeException e) {
                // NATS is away: the change comes back after the ack wait instead
            }
        }
        outstanding.clear();
    }

    /**
     * One table's changes: the batch being filled by the consumer thread, and a serial chain of batches being
     * applied on the pool. Sequence numbers and the last queued position belong to the consumer thread.
     */
    private final class TableLane {
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
        String last;
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

        TableLane(Table table, long appliedSeq, String appliedPosition) {
            this.table = table;
            this.nextSeq = appliedSeq + 1;
            this.lastPosition = appliedPosition;
            this.appliedPosition = appliedPosition;
        }

        void add(ChangeEvent e, Delivery d) {
            if (e.position().compareTo(appliedPosition) <= 0) {
                ack(d); // already applied (redelivery, or Debezium replaying after a restart)
                return;
            }
            if (e.position().compareTo(lastPosition) <= 0) {
                outstanding.remove(d);
                return; // a redelivered copy of a change still queued: its first delivery is acked once applied
            }
            if (action != null && (action != e.action() || rows.rowCount() >= cfg.dataBundleSize()
                    || rows.size() > 512 * 1024)) {
                seal();
            }
            action = e.action();
            try {
                ChangeEncoder.encode(e, table, rows);
            } catch (DebeziumDecoder.MalformedChangeException ex) {
                term(d);
                fail(ex.getMessage());
                return;
            }
            deliveries.add(d);
            commits.add(e.commitMs());
            first = first == null ? e.position() : first;
            last = e.position();
            lastPosition = e.position();
            captured++;
            progress.table(table.id()).read(1, 0);
        }

        /** Closes the batch being filled and queues it for apply after the table's earlier batches. */
        void seal() {
            if (action == null || rows.rowCount() == 0) {
                action = null;
                return;
            }
            Batch b = Batch.of(cfg.id(), table.id(), action, first, last, nextSeq++, ChangeRows.columns(table, action),
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
                    pool.execute(this::drain);
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
                while (!progress.status().isTerminal() && !queue.isEmpty()) {
                    List<Sealed> group = new ArrayList<>();
                    long bytes = 0;
                    for (Sealed x : queue) {
                        if (!group.isEmpty() && (group.size() >= GROUP_BATCHES || bytes + x.msg.length > GROUP_BYTES
                                || x.batch.sequence() <= aloneThrough || group.get(0).batch.sequence() <= aloneThrough)) {
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
            if (!progress.status().isTerminal()) {
                schedule(); // a batch sealed just before draining was reset
            }
        }

        private void applyUntilDone(List<Sealed> group) {
            int failures = 0;
            while (!progress.status().isTerminal() && !group.isEmpty()) {
                WriterResult r;
                try {
                    r = invoker.invoke(new WriterRequest(WriterRequest.Op.APPLY, cfg.id(), cfg.target().toUrlWithSecret(),
                            structure, table.id(), group.stream().map(x -> x.msg).toList(), null));
                } catch (Throwable crash) {
                    if (group.size() > 1) {
                        // which batch killed the writer is unknown: not counted; the group's batches go one per call
                        aloneThrough = group.get(group.size() - 1).batch.sequence();
                        group.forEach(x -> x.deliveries.forEach(CdcBridge.this::inProgress));
                        sleep(200);
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
                    fail("table " + table.name() + ": " + bad.message());
                    return;
                }
                if (bad.status() == WriterResult.Status.RETRYABLE && ++failures >= cfg.maxDeliveries()) {
                    fail("change batch " + next.batch.sequence() + " of " + table.name() + " failed " + failures
                            + " times: " + bad.message());
                    return;
                }
                group.forEach(x -> x.deliveries.forEach(CdcBridge.this::inProgress));
                sleep(bad.status() == WriterResult.Status.BUSY ? 200 : Math.min(10_000, 200L << Math.min(failures, 6)));
            }
        }

        private void applied(Sealed x) {
            long now = clock.millis();
            x.deliveries.forEach(CdcBridge.this::ack);
            x.commits.forEach(c -> lag.record(now - c));
            applied += x.batch.rowCount();
            appliedPosition = x.batch.key().lastId();
            progress.table(table.id()).applied(x.batch.key().digest(), x.batch.rowCount(), x.batch.length());
        }
    }

    /** A batch ready for apply: the batch, its encoding, the deliveries it holds and their commit times. */
    private record Sealed(Batch batch, byte[] msg, List<Delivery> deliveries, List<Long> commits) {
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
