package dev.sluice.core.types;

import dev.sluice.core.util.Json;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical text of values for cross-engine comparison (verification checksums). Two engines that hold the
 * same value produce the same canonical text for the source column's kind.
 */
public final class Canonical {
    private Canonical() {
    }

    /** Decimal without trailing zeros in plain notation: 1.50 and 1.5 compare equal, as the value does. */
    public static String decimal(BigDecimal d) {
        if (d == null) {
            return null;
        }
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /**
     * Temporal text: {@code T} separator replaced by a space, trailing fractional zeros and a trailing dot
     * removed, a {@code +00}/{@code Z} UTC suffix removed (instants are compared as UTC wall clock).
     */
    public static String temporal(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace('T', ' ');
        if (t.endsWith("Z")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("+00:00")) {
            t = t.substring(0, t.length() - 6);
        } else if (t.endsWith("+00")) {
            t = t.substring(0, t.length() - 3);
        }
        int dot = t.lastIndexOf('.');
        if (dot > 0 && t.indexOf(':') > 0 && dot > t.lastIndexOf(':')) {
            int end = t.length();
            while (end > dot + 1 && t.charAt(end - 1) == '0') {
                end--;
            }
            if (end == dot + 1) {
                end = dot;
            }
            t = t.substring(0, end);
        }
        return t;
    }

    /** CHAR(n) values compare without trailing blanks: MySQL strips them on read, PostgreSQL pads them. */
    public static String fixedChar(String s) {
        if (s == null) {
            return null;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** JSON with object keys sorted and no whitespace, so MySQL JSON and PostgreSQL jsonb compare equal. */
    public static String json(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Json.write(sortKeys(Json.parse(s)));
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @SuppressWarnings("unchecked")
    private static Object sortKeys(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> t = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                t.put((String) e.getKey(), sortKeys(e.getValue()));
            }
            return t;
        }
        if (o instanceof java.util.List<?> l) {
            return l.stream().map(Canonical::sortKeys).toList();
        }
        if (o instanceof BigDecimal b) {
            return new BigDecimal(decimal(b));
        }
        return o;
    }
}
