package dev.sluice.core.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Live state of one stream: status, per-table progress and the problems seen so far. */
public final class StreamProgress {
    private final String streamId;
    private final long startNanos;
    private final Map<String, TableProgress> tables = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicReference<StreamStatus> status = new AtomicReference<>(StreamStatus.CREATED);
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private volatile boolean structureApplied;

    public StreamProgress(String streamId, long startNanos) {
        this.streamId = streamId;
        this.startNanos = startNanos;
    }

    public String streamId() {
        return streamId;
    }

    public long startNanos() {
        return startNanos;
    }

    public TableProgress table(String id, long expectedRows) {
        return tables.computeIfAbsent(id, k -> new TableProgress(k, expectedRows));
    }

    public TableProgress table(String id) {
        TableProgress p = tables.get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown table " + id);
        }
        return p;
    }

    public List<TableProgress> tables() {
        synchronized (tables) {
            return new ArrayList<>(tables.values());
        }
    }

    public StreamStatus status() {
        return status.get();
    }

    /** Moves to a new status unless a terminal one was already reached (first terminal status wins). */
    public boolean status(StreamStatus s) {
        while (true) {
            StreamStatus cur = status.get();
            if (cur.isTerminal()) {
                return false;
            }
            if (status.compareAndSet(cur, s)) {
                return true;
            }
        }
    }

    /** The target structure (tables, types) was created: from here on a failure can leave rows behind. */
    public void structureApplied() {
        structureApplied = true;
    }

    public boolean isStructureApplied() {
        return structureApplied;
    }

    public void error(String e) {
        errors.add(e);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public void note(String n) {
        if (!notes.contains(n)) {
            notes.add(n);
        }
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The live status as JSON, for the status subject and the API. */
    public String toJson(long nowNanos) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("stream", streamId);
        m.put("status", status().name());
        m.put("elapsedMs", (nowNanos - startNanos) / 1_000_000);
        m.put("rowsRead", rowsRead());
        m.put("rowsApplied", rowsApplied());
        List<Object> t = new ArrayList<>();
        for (TableProgress p : tables()) {
            java.util.Map<String, Object> tm = new java.util.LinkedHashMap<>();
            tm.put("table", p.tableId());
            tm.put("state", p.state());
            tm.put("expectedRows", p.expectedRows());
            tm.put("rowsRead", p.rowsRead());
            tm.put("rowsApplied", p.rowsApplied());
            tm.put("bytesApplied", p.bytesApplied());
            tm.put("batchesPublished", p.batchesPublished());
            tm.put("batchesApplied", p.batchesApplied());
            tm.put("duplicates", p.duplicates());
            tm.put("percent", Math.round(p.percent() * 10) / 10.0);
            t.add(tm);
        }
        m.put("tables", t);
        m.put("errors", errors());
        return dev.sluice.core.util.Json.write(m);
    }

    public long rowsRead() {
        return tables().stream().mapToLong(TableProgress::rowsRead).sum();
    }

    public long rowsApplied() {
        return tables().stream().mapToLong(TableProgress::rowsApplied).sum();
    }

    public long bytesApplied() {
        return tables().stream().mapToLong(TableProgress::bytesApplied).sum();
    }

    public long expectedRows() {
        return tables().stream().mapToLong(TableProgress::expectedRows).sum();
    }
}
