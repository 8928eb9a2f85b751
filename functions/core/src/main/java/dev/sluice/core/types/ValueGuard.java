package dev.sluice.core.types;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the values of one column against what its target type can hold ({@link TargetType#guards()}) and
 * applies the stream's {@link ValuePolicies}: a value that fits passes unchanged ({@code null} outcome);
 * one that does not is refused (policy {@code error}) or replaced under its named policy.
 */
public final class ValueGuard {
    private static final Pattern PRECISION = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    /**
     * What happens to a value that does not fit.
     *
     * @param loss        the kind of value
     * @param policy      the policy applied ({@code error} when refused)
     * @param refused     true when the value must not be written: the batch fails
     * @param replacement the value written instead, as text; null means SQL NULL
     * @param problem     for a refusal caused by the policy itself (NULL into a NOT NULL column), why; else null
     */
    public record Outcome(ValueLoss loss, String policy, boolean refused, String replacement, String problem) {
    }

    private final Column column;
    private final Set<ValueLoss> guards;
    /** The same, as an array: {@link #mayApply} runs once per value and must not allocate an iterator. */
    private final ValueLoss[] guardList;
    private final ValuePolicies policies;
    private final int precision;
    private final int scale;

    private ValueGuard(Column column, Set<ValueLoss> guards, ValuePolicies policies, String targetDdl) {
        this.column = column;
        this.guards = guards;
        this.guardList = guards.toArray(new ValueLoss[0]);
        this.policies = policies;
        int p = -1;
        int s = -1;
        if (targetDdl != null && guards.contains(ValueLoss.DECIMAL_OUT_OF_RANGE)) {
            Matcher m = PRECISION.matcher(targetDdl);
            if (m.find()) {
                p = Integer.parseInt(m.group(1));
                s = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            } else {
                p = 10; // MySQL DECIMAL without (p,s) is DECIMAL(10,0)
                s = 0;
            }
        }
        this.precision = p;
        this.scale = s;
    }

    /** The guard a writer applies to a column, or null when its target type holds every source value. */
    public static ValueGuard of(Column c, TargetType t, ValuePolicies p) {
        return t.guards().isEmpty() ? null : new ValueGuard(c, t.guards(), p, t.ddl());
    }

    /**
     * The same policies applied to values read for comparison (verification), on either side: a value a
     * policy replaced on the way compares equal to its replacement. Null when no policy can change this column.
     */
    public static ValueGuard forComparison(Column c, ValuePolicies p) {
        Set<ValueLoss> g = EnumSet.noneOf(ValueLoss.class);
        for (ValueLoss l : Guards.forKind(c.kind())) {
            if (!p.action(l).equals(ValuePolicies.ERROR)) {
                g.add(l);
            }
        }
        return g.isEmpty() ? null : new ValueGuard(c.withTypeOverride(null), g, p, null);
    }

    public Set<ValueLoss> guards() {
        return guards;
    }

    /**
     * A cheap look at a text value's UTF-8 bytes: false when no check of this guard can apply, so the value
     * need not be decoded (the common case: text without NUL, dates without zero parts).
     */
    public boolean mayApply(byte[] utf8, int off, int len) {
        for (ValueLoss l : guardList) {
            switch (l) {
                case NUL_CHARACTER -> {
                    for (int i = off, end = off + len; i < end; i++) {
                        if (utf8[i] == 0) {
                            return true;
                        }
                    }
                }
                case ZERO_DATE -> {
                    if (len < 10 || (utf8[off] == '0' && utf8[off + 1] == '0' && utf8[off + 2] == '0'
                            && utf8[off + 3] == '0') || (utf8[off + 5] == '0' && utf8[off + 6] == '0')
                            || (utf8[off + 8] == '0' && utf8[off + 9] == '0')) {
                        return true;
                    }
                }
                case TIME_OUT_OF_RANGE -> {
                    if (len < 8 || utf8[off] == '-' || utf8[off + 2] != ':' || utf8[off] > '2'
                            || (utf8[off] == '2' && utf8[off + 1] >= '4')) {
                        return true;
                    }
                }
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    /** A text value (dates, times, decimals read as text, strings): null when it fits. */
    public Outcome check(String v) {
        SqlKind k = column.kind();
        if (guards.contains(ValueLoss.ZERO_DATE) && isZeroDate(v)) {
            String p = policies.action(ValueLoss.ZERO_DATE);
            String r = p.length() >= 10 && Character.isDigit(p.charAt(0)) ? (k == SqlKind.DATE ? p.substring(0, 10)
                    : p.length() == 10 ? p + " 00:00:00" : p) : null;
            return decide(ValueLoss.ZERO_DATE, r);
        }
        if (guards.contains(ValueLoss.TIME_OUT_OF_RANGE) && timeOutOfRange(v)) {
            return decide(ValueLoss.TIME_OUT_OF_RANGE, null);
        }
        if (guards.contains(ValueLoss.INFINITY) && (v.equals("infinity") || v.equals("-infinity"))) {
            boolean plus = v.charAt(0) == 'i';
            String clamp = k == SqlKind.DATE ? (plus ? "9999-12-31" : "0001-01-01")
                    : (plus ? "9999-12-31 23:59:59" : "0001-01-01 00:00:00");
            return decide(ValueLoss.INFINITY, clamp);
        }
        if (guards.contains(ValueLoss.DATE_OUT_OF_RANGE) && dateOutOfRange(v)) {
            return decide(ValueLoss.DATE_OUT_OF_RANGE, null);
        }
        if (guards.contains(ValueLoss.NOT_A_NUMBER) && (v.equals("NaN") || v.equals("Infinity")
                || v.equals("-Infinity"))) {
            return decide(ValueLoss.NOT_A_NUMBER, null);
        }
        if (precision > 0 && !fits(v)) {
            return new Outcome(ValueLoss.DECIMAL_OUT_OF_RANGE, ValuePolicies.ERROR, true, null, null);
        }
        if (guards.contains(ValueLoss.NUL_CHARACTER) && v.indexOf('\0') >= 0) {
            return decide(ValueLoss.NUL_CHARACTER, v.replace("\0", ""));
        }
        return null;
    }

    /** A floating-point value: null when it fits. */
    public Outcome check(double v) {
        if (guards.contains(ValueLoss.NOT_A_NUMBER) && (Double.isNaN(v) || Double.isInfinite(v))) {
            return decide(ValueLoss.NOT_A_NUMBER, null);
        }
        if (guards.contains(ValueLoss.NEGATIVE_ZERO) && Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
            return decide(ValueLoss.NEGATIVE_ZERO, "0");
        }
        return null;
    }

    /** Applies the policy: {@code named} is the replacement of the non-null named policy of this loss. */
    private Outcome decide(ValueLoss loss, String named) {
        String p = policies.action(loss);
        if (p.equals(ValuePolicies.ERROR)) {
            return new Outcome(loss, p, true, null, null);
        }
        String replacement = p.equals("null") ? null : named;
        if (replacement == null && !column.nullable()) {
            return new Outcome(loss, p, true, null, "valuePolicies." + loss.key + " is \"null\" but column "
                    + column.name() + " is NOT NULL");
        }
        return new Outcome(loss, p, false, replacement, null);
    }

    static boolean isZeroDate(String v) {
        if (v.length() < 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return false;
        }
        return v.startsWith("0000") || v.startsWith("00", 5) || v.startsWith("00", 8);
    }

    static boolean timeOutOfRange(String v) {
        if (v.startsWith("-")) {
            return true;
        }
        int colon = v.indexOf(':');
        if (colon < 0) {
            return false;
        }
        int hours;
        try {
            hours = Integer.parseInt(v.substring(0, colon));
        } catch (NumberFormatException e) {
            return false;
        }
        if (hours != 24) {
            return hours > 24;
        }
        for (int i = colon; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch != ':' && ch != '.' && ch != '0') {
                return true;
            }
        }
        return false;
    }

    static boolean dateOutOfRange(String v) {
        if (v.endsWith(" BC")) {
            return true;
        }
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        return digits > 4 && digits < v.length() && v.charAt(digits) == '-';
    }

    private boolean fits(String v) {
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            return true; // not a number at all: the target database says what is wrong
        }
        if (d.signum() == 0) {
            return true;
        }
        d = d.stripTrailingZeros();
        int frac = Math.max(0, d.scale());
        int intDigits = Math.max(0, d.precision() - d.scale());
        return frac <= scale && intDigits <= precision - scale;
    }
}
