package dev.sluice.bridge;

import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.control.ControlMessage;
import dev.sluice.core.model.Structure;
import dev.sluice.core.port.EventHub;
import dev.sluice.core.port.EventHub.Delivery;
import dev.sluice.core.port.Invoker;
import dev.sluice.core.port.Subjects;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The long-running consumer between the hub and the writer functions. It follows the control subject in
 * order (structure, table ends, stream end), feeds data batches to writers through the {@link Invoker}
 * with up to {@code writerConcurrency} calls at once, acks a batch only after its writer committed, naks
 * with backoff on retryable failures, and terminates a batch that keeps failing or can never succeed
 * (the stream then fails, naming the table). Once every table's batches are applied it finishes the
 * tables (indexes, identities) and the stream (foreign keys): only then is the stream FINISHED.
 */
public final class Bridge implements AutoCloseable {
    static final Duration ACK_WAIT = Duration.ofSeconds(120);
    static final Duration FETCH_WAIT = Duration.ofMillis(500);
    /** Batches of one table a writer applies in one call and one target transaction, at most. */
    static final int GROUP = 8;

    private final StreamConfig cfg;
    private final EventHub hub;
    private final Invoker invoker;
    private final StreamProgress progress;
    private final ExecutorService writers;
    private final Semaphore slots;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /**
     * Batches whose grouped writer call crashed: which of the group killed the writer is unknown, so each is
     * sent alone from then on and a crash is charged only to the batch that was alone in the call.
     */
    private final Set<String> alone = ConcurrentHashMap.newKeySet();
    private final Set<String> finishedTables = ConcurrentHashMap.newKeySet();
    private final Thread controlThread;
    private final Thread dataThread;
    private volatile Structure structure;
    private volatile boolean streamEnded;
    private volatile boolean closing;

    public Bridge(StreamConfig cfg, EventHub hub, Invoker invoker, StreamProgress progress) {
        this.cfg = cfg;
        this.hub = hub;
        this.invoker = invoker;
        this.progress = progress;
        this.writers = Executors.newFixedThreadPool(cfg.writerConcurrency(), r -> {
            Thread t = new Thread(r, "sluice-writer");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(cfg.writerConcurrency() * GROUP);
        this.controlThread = new Thread(this::controlLoop, "sluice-bridge-control");
        this.dataThread = new Thread(this::dataLoop, "sluice-bridge-data");
        controlThread.setDaemon(true);
        dataThread.setDaemon(true);
    }

    public void start() {
        controlThread.start();
    }

    private void controlLoop() {
        try (EventHub.HubConsumer ctl = hub.consumer(cfg.id(), "control", Subjects.control(cfg.id()), ACK_WAIT, 1)) {
            while (!closing && !progress.status().isTerminal()) {
                for (Delivery d : ctl.fetch(1, FETCH_WAIT)) {
                    handleControl(d);
                }
                maybeFinish();
            }
        } catch (RuntimeException e) {
            fail("bridge control loop: " + e.getMessage());
        }
    }

    private void handleControl(Delivery d) {
        ControlMessage m;
        try {
            m = ControlMessage.fromJson(new String(d.data(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            d.term();
            fail("malformed control message on " + d.subject() + ": " + e.getMessage());
            return;
        }
        if (m instanceof ControlMessage.StructureMsg s) {
            structure = s.structure();
            s.structure().tables().forEach(t -> progress.table(t.id(), t.estimatedRows()));
            WriterResult r = invokeUntilDone(request(WriterRequest.Op.PREPARE, null), "creating target tables");
            if (r == null) {
                d.ack();
                return;
            }
            r.notes().forEach(progress::note);
            progress.structureApplied();
            d.ack();
            progress.status(StreamStatus.RUNNING);
            if (!dataThread.isAlive()) {
                dataThread.start();
            }
        } else if (m instanceof ControlMessage.TableStart t) {
            progress.table(t.tableId()).started(System.nanoTime());
            d.ack();
        } else if (m instanceof ControlMessage.TableEnd t) {
            progress.table(t.tableId()).readDone(t.batches(), t.rows());
            d.ack();
        } else if (m instanceof ControlMessage.StreamEnd) {
            streamEnded = true;
            d.ack();
        } else if (m instanceof ControlMessage.ReaderFailed f) {
            d.ack();
            fail("reading the source failed: " + f.error());
        }
    }

    private void dataLoop() {
        try (EventHub.HubConsumer data = hub.consumer(cfg.id(), "data", Subjects.allData(cfg.id()), ACK_WAIT,
                cfg.writerConcurrency() * GROUP * 2)) {
            while (!closing && !progress.status().isTerminal()) {
                // wait for one writer's worth of room, then fetch at most that many batches
                slots.acquire(GROUP);
                List<Delivery> fetched;
                try {
                    fetched = data.fetch(GROUP, FETCH_WAIT);
                } catch (RuntimeException e) {
                    slots.release(GROUP);
                    throw e;
                }
                slots.release(GROUP - fetched.size());
                for (List<Delivery> group : groups(fetched, d -> !alone.isEmpty() && alone.contains(batchKey(d)))) {
                    writers.execute(() -> {
                        try {
                            handleData(group);
                        } finally {
                            slots.release(group.size());
                        }
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closing) {
                fail("bridge data loop: " + e.getMessage());
            }
        }
    }

    /**
     * Splits fetched messages into per-table groups of at most {@link #GROUP} batches, each applied by one
     * writer call (one target transaction); never more groups than writers when fewer messages are waiting.
     * A delivery for which {@code single} holds is a group of its own.
     */
    static List<List<Delivery>> groups(List<Delivery> fetched, java.util.function.Predicate<Delivery> single) {
        Map<String, List<Delivery>> bySubject = new java.util.LinkedHashMap<>();
        List<List<Delivery>> out = new java.util.ArrayList<>();
        for (Delivery d : fetched) {
            if (single.test(d)) {
                out.add(List.of(d));
            } else {
                bySubject.computeIfAbsent(d.subject(), k -> new java.util.ArrayList<>()).add(d);
            }
        }
        for (List<Delivery> same : bySubject.values()) {
            for (int i = 0; i < same.size(); i += GROUP) {
                out.add(same.subList(i, Math.min(same.size(), i + GROUP)));
            }
        }
        return out;
    }

    private void handleData(List<Delivery> group) {
        String tableId = tableOf(group.get(0).subject());
        List<byte[]> payloads = group.stream().map(Delivery::data).toList();
        List<WriterResult> results;
        try {
            WriterResult r = invoker.invoke(new WriterRequest(WriterRequest.Op.APPLY, cfg.id(),
                    cfg.target().toUrlWithSecret(), structure, tableId, payloads, options()));
            results = r.items().size() == group.size() ? r.items() : java.util.Collections.nCopies(group.size(), r);
        } catch (Throwable crash) {
            // The writer died mid-batch (process killed, function timeout): its claims expire, the batches come back.
            if (group.size() > 1) {
                // one of them may be the cause: not charged to the others; each goes alone from now on
                group.forEach(d -> alone.add(batchKey(d)));
                group.forEach(d -> d.nak(backoff(1)));
                return;
            }
            results = List.of(WriterResult.retryable("writer crashed: " + crash));
        }
        for (int i = 0; i < group.size(); i++) {
            settle(group.get(i), tableId, results.get(i));
        }
    }

    /** Acks, naks or terminates one delivery according to its writer result. */
    private void settle(Delivery d, String tableId, WriterResult r) {
        String batchKey = batchKey(d);
        switch (r.status()) {
            case APPLIED -> {
                d.ack();
                progress.table(tableId).applied(batchKey, r.rows(), r.bytes());
                forget(batchKey);
            }
            case DUPLICATE -> {
                d.ack();
                progress.table(tableId).duplicate(batchKey);
                forget(batchKey);
            }
            case BUSY -> d.nak(Duration.ofSeconds(1));
            case RETRYABLE -> {
                int n = failures.merge(batchKey, 1, Integer::sum);
                if (n >= cfg.maxDeliveries()) {
                    d.term();
                    progress.table(tableId).poisoned();
                    fail("a batch of table " + tableId + " failed " + n + " times and was set aside: " + r.message());
                } else {
                    d.nak(backoff(n));
                }
            }
            case FATAL -> {
                d.term();
                progress.table(tableId).poisoned();
                fail("table " + tableId + ": " + r.message());
            }
            default -> d.nak(Duration.ofSeconds(1));
        }
    }

    /** A batch that is in needs neither its failure count nor its single-call mark any more. */
    private void forget(String batchKey) {
        failures.remove(batchKey);
        alone.remove(batchKey);
    }

    /** A batch's identity across redeliveries: the reader's message id, else its content. */
    private static String batchKey(Delivery d) {
        return d.messageId() != null ? d.messageId() : key(d);
    }

    /** Identity of a delivery across redeliveries: the hub redelivers the same bytes. */
    private static String key(Delivery d) {
        return d.subject() + ":" + java.util.Arrays.hashCode(d.data()) + ":" + d.data().length;
    }

    static Duration backoff(int failures) {
        long ms = Math.min(30_000, 200L << Math.min(failures - 1, 10));
        return Duration.ofMillis(ms);
    }

    private String tableOf(String subject) {
        int ordinal = Integer.parseInt(subject.substring(subject.lastIndexOf('.') + 1));
        return structure.tables().get(ordinal).id();
    }

    /** Finishes tables whose batches are all applied, then the stream once the reader ended and all are finished. */
    private void maybeFinish() {
        Structure s = structure;
        if (s == null || progress.status() != StreamStatus.RUNNING) {
            return;
        }
        for (var t : s.tables()) {
            var tp = progress.table(t.id());
            if (!finishedTables.contains(t.id()) && tp.allApplied()) {
                tp.state("indexing");
                WriterResult r = invokeUntilDone(request(WriterRequest.Op.FINISH_TABLE, t.id()),
                        "building indexes of " + t.id());
                if (r == null) {
                    return;
                }
                r.notes().forEach(progress::note);
                finishedTables.add(t.id());
                tp.finished(System.nanoTime(), "done");
            }
        }
        if (streamEnded && finishedTables.size() == s.tables().size()) {
            WriterResult r = invokeUntilDone(request(WriterRequest.Op.FINISH_STREAM, null), "adding foreign keys");
            if (r != null) {
                r.notes().forEach(progress::note);
                progress.status(StreamStatus.FINISHED);
            }
        }
    }

    /** Invokes a structure step, retrying passing failures; on a permanent failure fails the stream and returns null. */
    private WriterResult invokeUntilDone(WriterRequest req, String what) {
        for (int attempt = 1; ; attempt++) {
            WriterResult r;
            try {
                r = invoker.invoke(req);
            } catch (RuntimeException e) {
                r = WriterResult.retryable(e.toString());
            }
            if (r.ok()) {
                return r;
            }
            if (r.status() == WriterResult.Status.FATAL || attempt >= cfg.maxDeliveries()) {
                fail(what + " failed: " + r.message());
                return null;
            }
            try {
                Thread.sleep(backoff(attempt).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private WriterRequest request(WriterRequest.Op op, String tableId) {
        return new WriterRequest(op, cfg.id(), cfg.target().toUrlWithSecret(), structure, tableId, List.of(),
                options());
    }

    private WriterRequest.Options options() {
        return new WriterRequest.Options(cfg.upsert(), cfg.existingTables(), cfg.createStructure());
    }

    private void fail(String message) {
        progress.error(message);
        progress.status(StreamStatus.FAILED);
    }

    /** Stops consuming; in-flight writer calls finish (their batches are acked or left for redelivery). */
    @Override
    public void close() {
        closing = true;
        writers.shutdown();
        try {
            writers.awaitTermination(60, TimeUnit.SECONDS);
            controlThread.join(5_000);
            dataThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
