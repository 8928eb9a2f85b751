package dev.sluice.core.types;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Puts a stream's {@code typeOverrides} and {@code valuePolicies} on the source structure, so that every
 * step that derives target types or handles values (table creation, writers, verification, the pre-flight
 * check) sees the same decisions. Keys are {@code "table.column"} (exact names) or {@code "type:<source
 * type>"} (the source's type text, e.g. {@code type:tinyint(1)}, or the type name without its length, e.g.
 * {@code type:time}); a column's own entry wins over its type's. A key that matches nothing is an error, so a
 * typo never goes unnoticed.
 */
public final class TypeOverrides {
    public static final String TYPE_PREFIX = "type:";

    private TypeOverrides() {
    }

    /** Reads {@code typeOverrides} from stream config JSON. */
    public static Map<String, String> fromJson(Object o) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConfigException("typeOverrides must be an object like {\"orders.flag\": \"boolean\","
                    + " \"type:time\": \"interval\"}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw new ConfigException("typeOverrides." + e.getKey() + " must be a target type as a string");
            }
            out.put(String.valueOf(e.getKey()), v);
        }
        return out;
    }

    /** An unmodifiable copy, every entry a key and a target type. */
    public static Map<String, String> validated(Map<String, String> o) {
        if (o == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> e : o.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null || e.getValue().isBlank()) {
                throw new ConfigException("typeOverrides entries map \"table.column\" or \"type:<source type>\" to a"
                        + " target type, e.g. {\"orders.flag\": \"boolean\"}");
            }
        }
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(o));
    }

    public static Structure apply(Structure s, StreamConfig cfg) {
        return apply(s, cfg.typeOverrides(), cfg.valuePolicies());
    }

    public static Structure apply(Structure s, Map<String, String> overrides, ValuePolicies policies) {
        Set<String> used = new HashSet<>();
        List<Table> tables = new ArrayList<>();
        for (Table t : s.tables()) {
            List<Column> cols = new ArrayList<>();
            for (Column c : t.columns()) {
                String chosen = null;
                for (Map.Entry<String, String> e : overrides.entrySet()) {
                    String k = e.getKey();
                    if (k.startsWith(TYPE_PREFIX) && chosen == null && typeMatches(k.substring(TYPE_PREFIX.length()), c)) {
                        chosen = e.getValue();
                        used.add(k);
                    }
                }
                for (Map.Entry<String, String> e : overrides.entrySet()) {
                    if (e.getKey().equals(t.name() + "." + c.name())) {
                        chosen = e.getValue();
                        used.add(e.getKey());
                    }
                }
                cols.add(chosen == null ? c : c.withTypeOverride(chosen));
            }
            tables.add(t.withColumns(cols).withPolicies(policies));
        }
        for (String k : overrides.keySet()) {
            if (!used.contains(k)) {
                throw new ConfigException("typeOverrides key '" + k + "' matches no column of the tables being copied:"
                        + " use \"table.column\" with exact names, or \"type:<source type>\" such as \"type:tinyint(1)\""
                        + " (tables: " + String.join(", ", s.tables().stream().map(Table::name).limit(20).toList())
                        + ")");
            }
        }
        return s.withTables(tables);
    }

    /** {@code tinyint(1)} matches exactly; {@code time} matches {@code time(6)}; case and spacing are ignored. */
    static boolean typeMatches(String key, Column c) {
        String want = norm(key);
        String have = norm(c.nativeType());
        return want.equals(have) || want.equals(Guards.base(have));
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ").replace(" (", "(").replace(", ", ",");
    }
}
