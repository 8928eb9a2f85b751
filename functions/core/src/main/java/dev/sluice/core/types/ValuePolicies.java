package dev.sluice.core.types;

import dev.sluice.core.config.ConfigException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to do with each kind of value a target cannot hold ({@link ValueLoss}): {@code error} (the default:
 * the run fails naming table, column, row and value), or a named replacement such as {@code null}. Every
 * value a non-error policy changes is counted and reported per table and column.
 */
public record ValuePolicies(Map<ValueLoss, String> actions) {
    public static final String ERROR = "error";
    public static final ValuePolicies DEFAULT = new ValuePolicies(Map.of());
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})( \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?)?");

    public ValuePolicies {
        EnumMap<ValueLoss, String> m = new EnumMap<>(ValueLoss.class);
        for (Map.Entry<ValueLoss, String> e : actions.entrySet()) {
            String v = validate(e.getKey(), e.getValue());
            if (!v.equals(ERROR)) {
                m.put(e.getKey(), v);
            }
        }
        actions = java.util.Collections.unmodifiableMap(m);
    }

    /** The policy for a kind of loss: {@code error} unless configured. */
    public String action(ValueLoss l) {
        return actions.getOrDefault(l, ERROR);
    }

    public boolean isDefault() {
        return actions.isEmpty();
    }

    /** Reads {@code valuePolicies} from stream config JSON: keys are {@link ValueLoss#key}, values strings. */
    public static ValuePolicies fromJson(Object o) {
        if (o == null) {
            return DEFAULT;
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConfigException("valuePolicies must be an object like {\"zeroDate\": \"null\"}");
        }
        Map<ValueLoss, String> out = new EnumMap<>(ValueLoss.class);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            ValueLoss l = ValueLoss.byKey(String.valueOf(e.getKey()));
            if (l == null) {
                throw new ConfigException("unknown field '" + e.getKey() + "' in valuePolicies (known: "
                        + String.join(", ", java.util.Arrays.stream(ValueLoss.values()).map(x -> x.key).toList()) + ")");
            }
            if (!(e.getValue() instanceof String s)) {
                throw new ConfigException("valuePolicies." + l.key + " must be a string: one of " + l.policyList());
            }
            out.put(l, s);
        }
        return new ValuePolicies(out);
    }

    /** The configured (non-default) policies by key, for JSON. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        actions.forEach((k, v) -> m.put(k.key, v));
        return m;
    }

    private static String validate(ValueLoss l, String v) {
        if (v == null) {
            throw new ConfigException("valuePolicies." + l.key + " must be one of " + l.policyList());
        }
        if (v.equals(ERROR) || l.policies.contains(v)) {
            return v;
        }
        if (l == ValueLoss.ZERO_DATE && DATE.matcher(v).matches()) {
            try {
                LocalDate d = LocalDate.parse(v.substring(0, 10));
                if (d.getYear() >= 1) {
                    return v;
                }
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
            throw new ConfigException("valuePolicies.zeroDate '" + v + "' is not a real date (use e.g. 1970-01-01)");
        }
        throw new ConfigException("valuePolicies." + l.key + " '" + v + "' is not one of " + l.policyList());
    }
}
