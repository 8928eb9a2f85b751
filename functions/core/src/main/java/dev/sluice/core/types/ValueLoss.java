package dev.sluice.core.types;

import java.util.List;

/**
 * The kinds of value a target column cannot hold exactly. Each has a policy in the stream config
 * ({@code valuePolicies.<key>}); the default policy of every kind is {@code error}: the run fails and names
 * the table, column, row and value. Which kinds a target column guards against is decided per column by
 * {@link Guards}, next to the cast rules.
 */
public enum ValueLoss {
    ZERO_DATE("zeroDate", "a MySQL zero date, or a date with a zero year, month or day (0000-00-00, 2024-00-15)",
            "PostgreSQL has no year 0, month 0 or day 0", List.of("null", "<a date such as 1970-01-01>")),
    TIME_OUT_OF_RANGE("timeOutOfRange", "a MySQL TIME outside 00:00:00..24:00:00 (negative, or 24 hours and more)",
            "PostgreSQL time holds a time of day", List.of("null")),
    INFINITY("infinity", "a PostgreSQL infinity or -infinity date or timestamp",
            "MySQL DATE/DATETIME have no infinity", List.of("null", "clamp")),
    DATE_OUT_OF_RANGE("dateOutOfRange", "a date before year 1 (BC) or after year 9999",
            "MySQL DATE/DATETIME hold years 1 to 9999", List.of("null")),
    NOT_A_NUMBER("notANumber", "NaN, Infinity or -Infinity in a numeric or floating-point column",
            "MySQL DECIMAL, FLOAT and DOUBLE have no NaN or infinities", List.of("null")),
    NEGATIVE_ZERO("negativeZero", "the floating-point value -0",
            "MySQL FLOAT and DOUBLE store -0 as 0", List.of("zero")),
    DECIMAL_OUT_OF_RANGE("decimalOutOfRange", "a number with more digits than the target DECIMAL(p,s) holds",
            "MySQL DECIMAL holds at most 65 digits, 30 after the point, and would round silently", List.of()),
    NUL_CHARACTER("nulCharacter", "the character U+0000 (NUL) in text",
            "PostgreSQL text cannot hold U+0000", List.of("null", "strip"));

    /** The name used in the stream config and in messages. */
    public final String key;
    /** What such a value looks like. */
    public final String what;
    /** Why the target cannot hold it. */
    public final String why;
    /** Accepted policies besides {@code error}; {@code <...>} describes a free value. */
    public final List<String> policies;

    ValueLoss(String key, String what, String why, List<String> policies) {
        this.key = key;
        this.what = what;
        this.why = why;
        this.policies = policies;
    }

    public static ValueLoss byKey(String key) {
        for (ValueLoss l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    /** The policies other than {@code error}, for a sentence: {@code "null" or "clamp"}. */
    public String alternatives() {
        StringBuilder sb = new StringBuilder();
        for (String p : policies) {
            sb.append(sb.length() > 0 ? " or " : "").append(p.startsWith("<") ? p.substring(1, p.length() - 1)
                    : "\"" + p + "\"");
        }
        return sb.toString();
    }

    /** {@code "error", "null", "clamp"}... as a readable list for messages, {@code error} first. */
    public String policyList() {
        StringBuilder sb = new StringBuilder("\"error\"");
        for (String p : policies) {
            sb.append(", ").append(p.startsWith("<") ? p : "\"" + p + "\"");
        }
        return sb.toString();
    }
}
