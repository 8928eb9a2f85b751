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

    private void consume() {
        try (EventHub.HubConsumer sub = hub.consumer(Subjects.cdcStreamId(cfg.id()), "cdc", Subjects.cdc(cfg.id()),
                ACK_WAIT, MAX_PENDING)) {
            while (!closing && !progress.status().isTerminal()) {
                if (paused.get()) {
                    Thread.sleep(100);
                    continue;
                }
                List<Delivery> batch = sub.fetch(FETCH, FETCH_WAIT);
                for (Delivery d : batch) {
                    route(d);
                }
                for (TableLane lane : lanes.values()) {
                    lane.seal();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closing) {
                fail("CDC bridge: " + e.getMessage());
            }
        }
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

    private void ack(Delivery d) {
        d.ack();
        outstanding.remove(d);
    }

    private void term(Delivery d) {
        d.term();
        outstanding.remove(d);
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
            d.nak(Duration.ZERO);
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
        java.util.concurrent.CompletableFuture<Void> tail = java.util.concurrent.CompletableFuture.completedFuture(null);
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

        /** Closes the batch being filled and chains its apply after the table's previous batch. */
        void seal() {
            if (action == null || rows.rowCount() == 0) {
                action = null;
                return;
            }
            Batch b = Batch.of(cfg.id(), table.id(), action, first, last, nextSeq++, ChangeRows.columns(table, action),
                    rows);
            List<Delivery> ds = deliveries;
            List<Long> cs = commits;
            byte[] msg = BatchCodec.encode(b);
            tail = tail.thenRunAsync(() -> applyUntilDone(b, msg, ds, cs), pool);
            rows = new RowEncoder(16 * 1024);
            deliveries = new ArrayList<>();
            commits = new ArrayList<>();
            action = null;
            first = null;
        }

        private void applyUntilDone(Batch b, byte[] msg, List<Delivery> ds, List<Long> cs) {
            int failures = 0;
            while (!progress.status().isTerminal()) {
                WriterResult r;
                try {
                    r = invoker.invoke(new WriterRequest(WriterRequest.Op.APPLY, cfg.id(), cfg.target().toUrlWithSecret(),
                            structure, table.id(), List.of(msg), null));
                    r = r.items().isEmpty() ? r : r.items().get(0);
                } catch (Throwable crash) {
                    r = WriterResult.retryable("writer crashed: " + crash);
                }
                if (r.ok()) {
                    long now = clock.millis();
                    ds.forEach(CdcBridge.this::ack);
                    cs.forEach(c -> lag.record(now - c));
                    applied += b.rowCount();
                    appliedPosition = b.key().lastId();
                    progress.table(table.id()).applied(b.key().digest(), b.rowCount(), b.length());
                    return;
                }
                if (r.status() == WriterResult.Status.FATAL) {
                    // not termed: skipping a change would leave the target diverged; the deliveries are nakked
                    // at close and stay in JetStream, so a resumed stream applies them once the cause is fixed
                    fail("table " + table.name() + ": " + r.message());
                    return;
                }
                if (r.status() == WriterResult.Status.RETRYABLE && ++failures >= cfg.maxDeliveries()) {
                    fail("change batch " + b.sequence() + " of " + table.name() + " failed " + failures + " times: "
                            + r.message());
                    return;
                }
                ds.forEach(Delivery::inProgress);
                sleep(r.status() == WriterResult.Status.BUSY ? 200 : Math.min(10_000, 200L << Math.min(failures, 6)));
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
