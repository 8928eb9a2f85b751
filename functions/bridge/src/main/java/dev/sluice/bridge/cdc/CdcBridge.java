package dev.sluice.bridge.cdc;

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

    final StreamConfig cfg;
    final Structure structure;
    private final EventHub hub;
    final Invoker invoker;
    final StreamProgress progress;
    final LagStats lag;
    final Clock clock;
    private final Map<String, ChangeLane> lanes = new HashMap<>();
    final ExecutorService pool;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Thread consumer;
    /** Deliveries received and neither acked nor terminated yet; nakked at close so they come back at once. */
    final java.util.Set<Delivery> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
            lanes.put(t.name(), new ChangeLane(this, t, Long.parseLong(p[1]), p.length > 2 ? p[2] : ""));
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
            for (ChangeLane lane : lanes.values()) {
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
            for (ChangeLane lane : lanes.values()) {
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
        ChangeLane lane = lanes.get(e.table());
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
    void ack(Delivery d) {
        outstanding.remove(d);
        try {
            d.ack();
        } catch (RuntimeException e) {
            hubProblem = "JetStream: ack failed: " + e.getMessage();
        }
    }

    void term(Delivery d) {
        outstanding.remove(d);
        try {
            d.term();
        } catch (RuntimeException e) {
            hubProblem = "JetStream: term failed: " + e.getMessage();
        }
    }

    void inProgress(Delivery d) {
        try {
            d.inProgress();
        } catch (RuntimeException e) {
            hubProblem = "JetStream: " + e.getMessage();
        }
    }

    void fail(String message) {
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

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
