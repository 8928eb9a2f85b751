package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.util.Json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads Debezium's JSON change events (value converter without schemas, as debezium-server/launch.sh
 * configures it) into {@link ChangeEvent}s. Positions: PostgreSQL {@code <commit lsn>:<lsn>:<k>}, MySQL/MariaDB
 * {@code <binlog file number>:<pos>:<row>:<k>}, zero-padded so they sort as the log does; {@code k} is 0 for a
 * delete and 1 otherwise, because a key change is logged once and emitted as a delete and a create.
 */
public final class DebeziumDecoder {
    private DebeziumDecoder() {
    }

    /** The decoded change, or null for a message that carries none (heartbeat, transaction marker, message). */
    @SuppressWarnings("unchecked")
    public static ChangeEvent decode(byte[] data) {
        Object parsed;
        try {
            parsed = Json.parse(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new MalformedChangeException("not a JSON change event: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new MalformedChangeException("a change event must be a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) parsed;
        if (m.containsKey("payload") && m.get("payload") instanceof Map && !m.containsKey("op")) {
            m = (Map<String, Object>) m.get("payload");
        }
        Object op = m.get("op");
        if (op == null) {
            return null;
        }
        Action action;
        switch ((String) op) {
            case "c": case "r": action = Action.INSERT; break;
            case "u": action = Action.UPDATE; break;
            case "d": action = Action.DELETE; break;
            case "t":
                throw new MalformedChangeException("TRUNCATE of " + tableOf(m) + " is not replicated: truncate the"
                        + " target table yourself, then resume");
            default: return null;
        }
        Map<String, Object> source = (Map<String, Object>) m.get("source");
        if (source == null) {
            throw new MalformedChangeException("change event without a source block");
        }
        // A primary-key change arrives as a delete and a create from the same log record: the delete sorts first.
        String position = position(source) + (action == Action.DELETE ? ":0" : ":1");
        return new ChangeEvent(tableOf(m), action, position, num(source.get("ts_ms")),
                (Map<String, Object>) m.get("before"), (Map<String, Object>) m.get("after"));
    }

    @SuppressWarnings("unchecked")
    private static String tableOf(Map<String, Object> m) {
        Object src = m.get("source");
        if (src instanceof Map) {
            Object t = ((Map<String, Object>) src).get("table");
            if (t != null) {
                return (String) t;
            }
        }
        throw new MalformedChangeException("change event does not name its table");
    }

    /** A sortable position from the source block. */
    static String position(Map<String, Object> s) {
        if (s.containsKey("lsn")) {
            long lsn = num(s.get("lsn"));
            long commit = lsn;
            Object seq = s.get("sequence");
            if (seq instanceof String str && str.startsWith("[")) {
                Object parsed = Json.parse(str);
                if (parsed instanceof List<?> l && !l.isEmpty() && l.get(0) != null) {
                    commit = Long.parseLong(l.get(0).toString());
                }
            }
            return String.format("%020d:%020d", commit, lsn);
        }
        if (s.containsKey("file")) {
            String file = (String) s.get("file");
            long fileNo = Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
            return String.format("%010d:%020d:%08d", fileNo, num(s.get("pos")), num(s.get("row")));
        }
        throw new MalformedChangeException("change event source has neither lsn nor binlog file: " + s.keySet());
    }

    private static long num(Object o) {
        if (o instanceof BigDecimal b) {
            return b.longValue();
        }
        if (o instanceof String s && !s.isEmpty()) {
            return Long.parseLong(s);
        }
        return 0;
    }

    /** A message that is not a change Sluice can apply: poison, never retried. */
    public static final class MalformedChangeException extends IllegalArgumentException {
        public MalformedChangeException(String message) {
            super(message);
        }
    }
}
