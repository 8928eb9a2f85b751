package dev.sluice.core.config;

import dev.sluice.core.types.TypeOverrides;
import dev.sluice.core.types.ValuePolicies;
import dev.sluice.core.util.Json;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stream's whole configuration, as JSON on disk or in the API (see docs/configuration.md). Immutable and
 * validated on construction: every problem names its field.
 */
public record StreamConfig(String id, ConnectionUrl source, ConnectionUrl target, Mode mode, List<TableSpec> tables,
                           int dataBundleSize, Limits limits, boolean createStructure, Duration reportingInterval,
                           int writerConcurrency, int readerConcurrency, ExistingTables existingTables, boolean upsert,
                           int maxDeliveries, Duration stuckAfter, boolean verify, Map<String, String> typeOverrides,
                           ValuePolicies valuePolicies) {

    public static final int DEFAULT_BUNDLE = 2_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("id", "source", "target", "mode", "tables", "dataBundleSize",
            "limits", "createStructure", "reportingInterval", "writerConcurrency", "readerConcurrency",
            "existingTables", "upsert", "maxDeliveries", "stuckAfter", "verify", "typeOverrides", "valuePolicies");

    /** Stop conditions; 0 means none. */
    public record Limits(long numberOfEvents, Duration elapsedTime) {
        public Limits {
            if (numberOfEvents < 0) {
                throw new ConfigException("limits.numberOfEvents must be 0 (no limit) or positive");
            }
            if (elapsedTime.isNegative()) {
                throw new ConfigException("limits.elapsedTime must be 0 (no limit) or positive");
            }
        }

        public static final Limits NONE = new Limits(0, Duration.ZERO);
    }

    public StreamConfig {
        checkId(id);
        if (source == null) {
            throw new ConfigException("source connection is missing");
        }
        if (target == null) {
            throw new ConfigException("target connection is missing");
        }
        tables = List.copyOf(tables);
        if (dataBundleSize < 10 || dataBundleSize > 10_000) {
            throw new ConfigException("dataBundleSize " + dataBundleSize + " is outside 10..10000");
        }
        if (writerConcurrency < 1 || writerConcurrency > 40) {
            throw new ConfigException("writerConcurrency " + writerConcurrency + " is outside 1..40");
        }
        if (readerConcurrency < 1 || readerConcurrency > 32) {
            throw new ConfigException("readerConcurrency " + readerConcurrency + " is outside 1..32");
        }
        if (maxDeliveries < 1) {
            throw new ConfigException("maxDeliveries must be at least 1");
        }
        if (stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new ConfigException("stuckAfter must be positive");
        }
        if (reportingInterval.isNegative() || reportingInterval.isZero()) {
            throw new ConfigException("reportingInterval must be positive");
        }
        if (mode != Mode.CONVERT) {
            throw new ConfigException("mode " + mode.name().toLowerCase()
                    + " is not available in this version: use convert");
        }
        typeOverrides = TypeOverrides.validated(typeOverrides);
        valuePolicies = valuePolicies == null ? ValuePolicies.DEFAULT : valuePolicies;
    }

    /** A config without type overrides and with the default (error) value policies. */
    public StreamConfig(String id, ConnectionUrl source, ConnectionUrl target, Mode mode, List<TableSpec> tables,
                        int dataBundleSize, Limits limits, boolean createStructure, Duration reportingInterval,
                        int writerConcurrency, int readerConcurrency, ExistingTables existingTables, boolean upsert,
                        int maxDeliveries, Duration stuckAfter, boolean verify) {
        this(id, source, target, mode, tables, dataBundleSize, limits, createStructure, reportingInterval,
                writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries, stuckAfter, verify,
                Map.of(), ValuePolicies.DEFAULT);
    }

    /** A config with defaults for everything but the two connections. */
    public static StreamConfig of(ConnectionUrl source, ConnectionUrl target, List<TableSpec> tables) {
        return new StreamConfig(newId(), source, target, Mode.CONVERT, tables, DEFAULT_BUNDLE, Limits.NONE, true,
                Duration.ofSeconds(3), 4, 2, ExistingTables.FAIL, false, 5, Duration.ofSeconds(60), true);
    }

    public static String newId() {
        return "s" + Long.toString(System.nanoTime() & 0xffffffffffL, 36);
    }

    /** Reads a JSON stream config; unknown fields are errors so a typo never silently falls back to a default. */
    @SuppressWarnings("unchecked")
    public static StreamConfig fromJson(String json) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("stream config is not valid JSON: " + e.getMessage());
        }
        for (String k : m.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new ConfigException("unknown field '" + k + "' in stream config (known: " + String.join(", ",
                        FIELDS.stream().sorted().toList()) + ")");
            }
        }
        ConnectionUrl src = connection(m.get("source"), "source");
        ConnectionUrl dst = connection(m.get("target"), "target");
        List<TableSpec> tables = new ArrayList<>();
        Object tl = m.get("tables");
        if (tl != null) {
            if (!(tl instanceof List)) {
                throw new ConfigException("tables must be a list");
            }
            for (Object o : (List<Object>) tl) {
                if (o instanceof String s) {
                    tables.add(new TableSpec(s, null));
                } else if (o instanceof Map) {
                    Map<String, Object> t = (Map<String, Object>) o;
                    known(t, Set.of("name", "query"), "tables[]");
                    Object q = t.get("query");
                    if (q != null && !(q instanceof String)) {
                        throw new ConfigException("tables[].query must be a string (an SQL SELECT)");
                    }
                    tables.add(new TableSpec(str(t.get("name"), "tables[].name"), (String) q));
                } else {
                    throw new ConfigException("each tables entry must be a name or {\"name\":..., \"query\":...}");
                }
            }
        }
        Limits limits = Limits.NONE;
        if (m.get("limits") instanceof Map) {
            Map<String, Object> l = (Map<String, Object>) m.get("limits");
            known(l, Set.of("numberOfEvents", "elapsedTime"), "limits");
            limits = new Limits(num(l.get("numberOfEvents"), "limits.numberOfEvents", 0),
                    duration(l.get("elapsedTime"), "limits.elapsedTime", Duration.ZERO));
        } else if (m.get("limits") != null) {
            throw new ConfigException("limits must be an object {numberOfEvents, elapsedTime}");
        }
        return new StreamConfig(
                m.containsKey("id") ? str(m.get("id"), "id") : newId(), src, dst,
                m.containsKey("mode") ? Mode.parse(str(m.get("mode"), "mode")) : Mode.CONVERT, tables,
                intNum(m.get("dataBundleSize"), "dataBundleSize", DEFAULT_BUNDLE), limits,
                bool(m.get("createStructure"), "createStructure", true),
                duration(m.get("reportingInterval"), "reportingInterval", Duration.ofSeconds(3)),
                intNum(m.get("writerConcurrency"), "writerConcurrency", 4),
                intNum(m.get("readerConcurrency"), "readerConcurrency", 2),
                m.containsKey("existingTables") ? ExistingTables.parse(str(m.get("existingTables"), "existingTables"))
                        : ExistingTables.FAIL,
                bool(m.get("upsert"), "upsert", false),
                intNum(m.get("maxDeliveries"), "maxDeliveries", 5),
                duration(m.get("stuckAfter"), "stuckAfter", Duration.ofSeconds(60)),
                bool(m.get("verify"), "verify", true),
                TypeOverrides.fromJson(m.get("typeOverrides")),
                ValuePolicies.fromJson(m.get("valuePolicies")));
    }

    /** The config as JSON with passwords left out (for logs, the API and reports). */
    public String toRedactedJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("source", source.toString());
        m.put("target", target.toString());
        m.put("mode", mode.name().toLowerCase());
        List<Object> t = new ArrayList<>();
        for (TableSpec s : tables) {
            t.add(s.query() == null ? s.name() : Map.of("name", s.name(), "query", s.query()));
        }
        m.put("tables", t);
        m.put("dataBundleSize", dataBundleSize);
        m.put("limits", Map.of("numberOfEvents", limits.numberOfEvents(),
                "elapsedTime", limits.elapsedTime().toSeconds()));
        m.put("createStructure", createStructure);
        m.put("reportingInterval", reportingInterval.toSeconds());
        m.put("writerConcurrency", writerConcurrency);
        m.put("readerConcurrency", readerConcurrency);
        m.put("existingTables", existingTables.name().toLowerCase());
        m.put("upsert", upsert);
        m.put("maxDeliveries", maxDeliveries);
        m.put("stuckAfter", stuckAfter.toSeconds());
        m.put("verify", verify);
        if (!typeOverrides.isEmpty()) {
            m.put("typeOverrides", new LinkedHashMap<>(typeOverrides));
        }
        if (!valuePolicies.isDefault()) {
            m.put("valuePolicies", valuePolicies.toJson());
        }
        return Json.write(m);
    }

    /** A stream id as the command line gives it, checked before anything connects; returns it. */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ConfigException("id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
        }
        return id;
    }

    public StreamConfig withId(String newId) {
        return new StreamConfig(newId, source, target, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries,
                stuckAfter, verify, typeOverrides, valuePolicies);
    }

    public StreamConfig withConnections(ConnectionUrl src, ConnectionUrl dst) {
        return new StreamConfig(id, src, dst, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries,
                stuckAfter, verify, typeOverrides, valuePolicies);
    }

    public StreamConfig withTables(List<TableSpec> t) {
        return new StreamConfig(id, source, target, mode, t, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries,
                stuckAfter, verify, typeOverrides, valuePolicies);
    }

    public StreamConfig withExistingTables(ExistingTables e) {
        return new StreamConfig(id, source, target, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, e, upsert, maxDeliveries, stuckAfter, verify,
                typeOverrides, valuePolicies);
    }

    public StreamConfig withMaxDeliveries(int n) {
        return new StreamConfig(id, source, target, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, n, stuckAfter, verify,
                typeOverrides, valuePolicies);
    }

    public StreamConfig withDataBundleSize(int n) {
        return new StreamConfig(id, source, target, mode, tables, n, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries,
                stuckAfter, verify, typeOverrides, valuePolicies);
    }

    public StreamConfig withTypeOverrides(Map<String, String> o) {
        return new StreamConfig(id, source, target, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries,
                stuckAfter, verify, o, valuePolicies);
    }

    public StreamConfig withValuePolicies(ValuePolicies p) {
        return new StreamConfig(id, source, target, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writerConcurrency, readerConcurrency, existingTables, upsert, maxDeliveries,
                stuckAfter, verify, typeOverrides, p);
    }

    /** The same config with other concurrency and verification settings (command-line options). */
    public StreamConfig withTuning(int writers, int readers, boolean verifyTables) {
        return new StreamConfig(id, source, target, mode, tables, dataBundleSize, limits, createStructure,
                reportingInterval, writers, readers, existingTables, upsert, maxDeliveries, stuckAfter, verifyTables,
                typeOverrides, valuePolicies);
    }

    @SuppressWarnings("unchecked")
    private static ConnectionUrl connection(Object o, String field) {
        if (o == null) {
            return null;
        }
        if (o instanceof String s) {
            return ConnectionUrl.parse(s);
        }
        if (o instanceof Map) {
            Object url = ((Map<String, Object>) o).get("url");
            if (url instanceof String s) {
                return ConnectionUrl.parse(s);
            }
        }
        throw new ConfigException(field + " must be a URL string or {\"url\": \"...\"}");
    }

    private static void known(Map<String, Object> m, Set<String> fields, String where) {
        for (String k : m.keySet()) {
            if (!fields.contains(k)) {
                throw new ConfigException("unknown field '" + k + "' in " + where + " (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
    }

    private static int intNum(Object o, String field, int dflt) {
        long v = num(o, field, dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigException(field + " " + v + " is out of range");
        }
        return (int) v;
    }

    private static String str(Object o, String field) {
        if (!(o instanceof String s)) {
            throw new ConfigException(field + " must be a string");
        }
        return s;
    }

    private static long num(Object o, String field, long dflt) {
        if (o == null) {
            return dflt;
        }
        if (!(o instanceof BigDecimal b)) {
            throw new ConfigException(field + " must be a number");
        }
        try {
            return b.longValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(field + " must be a whole number");
        }
    }

    private static boolean bool(Object o, String field, boolean dflt) {
        if (o == null) {
            return dflt;
        }
        if (!(o instanceof Boolean b)) {
            throw new ConfigException(field + " must be true or false");
        }
        return b;
    }

    /** Seconds as a number, or text like "90s", "5m", "2h". */
    static Duration duration(Object o, String field, Duration dflt) {
        if (o == null) {
            return dflt;
        }
        if (o instanceof BigDecimal b) {
            return Duration.ofMillis(b.multiply(BigDecimal.valueOf(1000)).longValue());
        }
        if (o instanceof String s && s.matches("\\d+(ms|s|m|h)")) {
            long n = Long.parseLong(s.replaceAll("\\D", ""));
            if (s.endsWith("ms")) {
                return Duration.ofMillis(n);
            }
            return s.endsWith("s") ? Duration.ofSeconds(n) : s.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
        }
        throw new ConfigException(field + " must be seconds or text like \"90s\", \"5m\", \"2h\"");
    }
}
