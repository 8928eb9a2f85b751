package dev.sluice.reader;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.control.ControlMessage;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.EventHub;
import dev.sluice.core.port.Subjects;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.TableProgress;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.Chunk;
import dev.sluice.jdbc.ChunkPlanner;
import dev.sluice.jdbc.ChunkScanner;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chunk reader task of convert mode: reads the source catalog, publishes the structure, then reads
 * every table in primary-key chunks on {@code readerConcurrency} threads and publishes batches to the
 * table's data subject; after a table's last batch is stored by the hub it publishes TABLE_END, and
 * STREAM_END after all tables.
 */
public final class ChunkReaderTask {
    /** Unacknowledged publishes allowed per reader thread. */
    static final int PUBLISH_WINDOW = 16;
    /** Bytes of a hub message kept for the batch header (ids of the first and last row, hash, stream id). */
    static final long HEADER_ROOM = 16 * 1024;

    private final StreamConfig cfg;
    private final EventHub hub;
    private final StreamProgress progress;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong rowsTotal = new AtomicLong();
    private volatile boolean limitReached;

    public ChunkReaderTask(StreamConfig cfg, EventHub hub, StreamProgress progress) {
        this.cfg = cfg;
        this.hub = hub;
        this.progress = progress;
    }

    /** Reads the source catalog (the pre-flight step: bad connections and missing tables fail here). */
    public static Structure readStructure(StreamConfig cfg) {
        try (Connection c = Jdbc.connect(cfg.source())) {
            return Catalog.of(cfg.source().engine()).read(c, cfg.source(), cfg.tables());
        } catch (SQLException e) {
            throw DatabaseException.during("reading the catalog of " + cfg.source(), cfg.source().engine(), e);
        }
    }

    /** Asks the reader to stop after the batches in flight. */
    public void stop() {
        stop.set(true);
    }

    /** True when the reader stopped because limits.numberOfEvents was reached. */
    public boolean limitReached() {
        return limitReached;
    }

    /** Publishes the structure and all data; blocks until done. Failures are published as READER_FAILED. */
    public void run(Structure s) throws InterruptedException {
        String id = cfg.id();
        HubPublisher control = new HubPublisher(hub, 1);
        control.publish(Subjects.control(id), json(new ControlMessage.StructureMsg(s)), id + ".structure");
        control.flush();
        HikariDataSource pool = Jdbc.pool(cfg.source(), cfg.readerConcurrency() + 1);
        Dialect d = Dialect.of(cfg.source().engine());
        ExecutorService exec = Executors.newFixedThreadPool(cfg.readerConcurrency(), r -> {
            Thread t = new Thread(r, "sluice-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Chunk> chunks = new ArrayList<>();
            Map<String, AtomicLong> chunksLeft = new ConcurrentHashMap<>();
            Map<String, long[]> tableTotals = new ConcurrentHashMap<>();
            try (Connection c = pool.getConnection()) {
                for (int i = 0; i < s.tables().size(); i++) {
                    Table t = s.tables().get(i);
                    List<Chunk> tc = ChunkPlanner.plan(c, d, t, i, cfg.readerConcurrency() * 2);
                    chunks.addAll(tc);
                    chunksLeft.put(t.id(), new AtomicLong(tc.size()));
                    tableTotals.put(t.id(), new long[3]);
                }
            }
            List<Future<?>> futures = new ArrayList<>();
            java.util.Set<String> started = ConcurrentHashMap.newKeySet();
            for (Chunk ch : chunks) {
                futures.add(exec.submit(() -> {
                    if (started.add(ch.table().id())) {
                        synchronized (control) {
                            control.publish(Subjects.control(id), json(new ControlMessage.TableStart(ch.table().id(),
                                    ch.table().estimatedRows())), id + ".start." + ch.tableOrdinal());
                            control.flush();
                        }
                    }
                    readChunk(pool, d, ch, tableTotals.get(ch.table().id()));
                    if (chunksLeft.get(ch.table().id()).decrementAndGet() == 0) {
                        tableEnd(control, ch.table(), tableTotals.get(ch.table().id()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            control.publish(Subjects.control(id), json(new ControlMessage.StreamEnd(s.tables().size())), id + ".end");
            control.flush();
        } catch (java.util.concurrent.ExecutionException e) {
            stop.set(true);
            Throwable cause = e.getCause();
            String msg = cause instanceof DatabaseException || cause instanceof IllegalStateException ? cause.getMessage()
                    : cause.toString();
            synchronized (control) {
                control.publish(Subjects.control(id), json(new ControlMessage.ReaderFailed(msg)), id + ".failed");
                control.flush();
            }
        } catch (SQLException e) {
            String msg = DatabaseException.during("planning chunks", cfg.source().engine(), e).getMessage();
            control.publish(Subjects.control(id), json(new ControlMessage.ReaderFailed(msg)), id + ".failed");
            control.flush();
        } finally {
            exec.shutdownNow();
        }
    }

    private void readChunk(HikariDataSource pool, Dialect d, Chunk ch, long[] totals) throws Exception {
        Table t = ch.table();
        TableProgress tp = progress.table(t.id(), t.estimatedRows());
        tp.started(System.nanoTime());
        HubPublisher pub = new HubPublisher(hub, PUBLISH_WINDOW);
        String subject = Subjects.data(cfg.id(), ch.tableOrdinal());
        ChunkScanner scanner = new ChunkScanner(d, cfg.source().engine(), cfg.id(), cfg.dataBundleSize(),
                hub.maxMessageBytes() - HEADER_ROOM);
        long limit = cfg.limits().numberOfEvents();
        try (Connection c = pool.getConnection()) {
            scanner.scan(c, ch, batch -> {
                if (stop.get()) {
                    throw new StoppedException();
                }
                byte[] msg = BatchCodec.encode(batch);
                pub.publish(subject, msg, batch.key().digest());
                synchronized (totals) {
                    totals[0]++;
                    totals[1] += batch.rowCount();
                    totals[2] += batch.length();
                }
                tp.read(batch.rowCount(), batch.length());
                if (limit > 0 && rowsTotal.addAndGet(batch.rowCount()) >= limit) {
                    limitReached = true;
                    stop.set(true);
                }
            });
        } catch (StoppedException e) {
            // stopped on request or at the event limit: what was published is still applied
        }
        pub.flush();
    }

    private void tableEnd(HubPublisher control, Table t, long[] totals) throws InterruptedException {
        synchronized (control) {
            long[] v;
            synchronized (totals) {
                v = totals.clone();
            }
            progress.table(t.id(), t.estimatedRows()).readDone(v[0], v[1]);
            control.publish(Subjects.control(cfg.id()), json(new ControlMessage.TableEnd(t.id(), v[0], v[1], v[2])),
                    cfg.id() + ".end." + t.id());
            control.flush();
        }
    }

    private static byte[] json(ControlMessage m) {
        return ControlMessage.toJson(m).getBytes(StandardCharsets.UTF_8);
    }

    /** Thrown out of the scan loop to stop reading. */
    private static final class StoppedException extends InterruptedException {
    }
}
