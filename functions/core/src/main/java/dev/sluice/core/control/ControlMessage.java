package dev.sluice.core.control;

import dev.sluice.core.model.Structure;
import dev.sluice.core.model.StructureJson;
import dev.sluice.core.util.Json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages on a stream's control subject, in the order the reader sends them: STRUCTURE first, then per
 * table TABLE_START when its first chunk is read and TABLE_END once all its batches are published, then STREAM_END; READER_FAILED instead when reading
 * fails. JSON on the wire, so an operator can read them with {@code nats sub}.
 *
 * <p>A running replication ({@code sluice replicate}) answers PAUSE, RESUME and STATE requests on
 * {@link dev.sluice.core.port.Subjects#replicationControl} with a REPLICATION_STATE message.
 */
public sealed interface ControlMessage {

    record StructureMsg(Structure structure) implements ControlMessage {
    }

    /** The reader started a table. */
    record TableStart(String tableId, long estimatedRows) implements ControlMessage {
    }

    /** All batches of a table are published: {@code batches} batches holding {@code rows} rows. */
    record TableEnd(String tableId, long batches, long rows, long bytes) implements ControlMessage {
    }

    record StreamEnd(int tables) implements ControlMessage {
    }

    record ReaderFailed(String error) implements ControlMessage {
    }

    /** Stop applying changes; capture goes on into the durable CDC stream. */
    record Pause() implements ControlMessage {
    }

    /** Apply changes again after a PAUSE. */
    record Resume() implements ControlMessage {
    }

    /** Asks a running replication for its state (answered with {@link ReplicationState}). */
    record StateQuery() implements ControlMessage {
    }

    /**
     * A running replication's answer: {@code state} is COPYING (bulk copy), RUNNING, PAUSING (paused, batches
     * handed to writers before still being applied) or PAUSED; counts of changes, {@code waiting} = held in
     * JetStream and not acked yet (-1 unknown).
     */
    record ReplicationState(String state, long captured, long applied, long waiting) implements ControlMessage {
    }

    static String toJson(ControlMessage m) {
        Map<String, Object> j = new LinkedHashMap<>();
        if (m instanceof StructureMsg s) {
            j.put("type", "STRUCTURE");
            j.put("structure", Json.parse(StructureJson.write(s.structure())));
        } else if (m instanceof TableStart t) {
            j.put("type", "TABLE_START");
            j.put("table", t.tableId());
            j.put("estimatedRows", t.estimatedRows());
        } else if (m instanceof TableEnd t) {
            j.put("type", "TABLE_END");
            j.put("table", t.tableId());
            j.put("batches", t.batches());
            j.put("rows", t.rows());
            j.put("bytes", t.bytes());
        } else if (m instanceof StreamEnd e) {
            j.put("type", "STREAM_END");
            j.put("tables", e.tables());
        } else if (m instanceof ReaderFailed f) {
            j.put("type", "READER_FAILED");
            j.put("error", f.error());
        } else if (m instanceof Pause) {
            j.put("type", "PAUSE");
        } else if (m instanceof Resume) {
            j.put("type", "RESUME");
        } else if (m instanceof StateQuery) {
            j.put("type", "STATE");
        } else if (m instanceof ReplicationState r) {
            j.put("type", "REPLICATION_STATE");
            j.put("state", r.state());
            j.put("captured", r.captured());
            j.put("applied", r.applied());
            j.put("waiting", r.waiting());
        }
        return Json.write(j);
    }

    @SuppressWarnings("unchecked")
    static ControlMessage fromJson(String json) {
        Map<String, Object> j = Json.parseObject(json);
        Object type = j.get("type");
        if ("STRUCTURE".equals(type)) {
            return new StructureMsg(StructureJson.read(Json.write(j.get("structure"))));
        }
        if ("TABLE_START".equals(type)) {
            return new TableStart((String) j.get("table"), n(j.get("estimatedRows")));
        }
        if ("TABLE_END".equals(type)) {
            return new TableEnd((String) j.get("table"), n(j.get("batches")), n(j.get("rows")), n(j.get("bytes")));
        }
        if ("STREAM_END".equals(type)) {
            return new StreamEnd((int) n(j.get("tables")));
        }
        if ("READER_FAILED".equals(type)) {
            return new ReaderFailed((String) j.get("error"));
        }
        if ("PAUSE".equals(type)) {
            return new Pause();
        }
        if ("RESUME".equals(type)) {
            return new Resume();
        }
        if ("STATE".equals(type)) {
            return new StateQuery();
        }
        if ("REPLICATION_STATE".equals(type)) {
            return new ReplicationState((String) j.get("state"), n(j.get("captured")), n(j.get("applied")),
                    n(j.get("waiting")));
        }
        throw new IllegalArgumentException("unknown control message type " + type);
    }

    private static long n(Object o) {
        return ((BigDecimal) o).longValueExact();
    }
}
