package dev.sluice.core.types;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which source values a target column type cannot hold, decided from the direction, the source kind and the
 * target type (so a user's type override gets the same checks as a built-in rule). Same-engine copies keep
 * the source type and need none.
 */
public final class Guards {
    private Guards() {
    }

    public static Set<ValueLoss> of(boolean fromMySql, boolean toMySql, Column source, String targetDdl) {
        Set<ValueLoss> g = EnumSet.noneOf(ValueLoss.class);
        if (fromMySql == toMySql) {
            return g;
        }
        String base = base(targetDdl);
        SqlKind k = source.kind();
        boolean dateish = k == SqlKind.DATE || k == SqlKind.TIMESTAMP || k == SqlKind.TIMESTAMPTZ;
        if (fromMySql) {
            if (dateish && (base.equals("date") || base.startsWith("timestamp"))) {
                g.add(ValueLoss.ZERO_DATE);
            }
            if (k == SqlKind.TIME && (base.equals("time") || base.startsWith("time ") || base.equals("timetz"))) {
                g.add(ValueLoss.TIME_OUT_OF_RANGE);
            }
            boolean text = k == SqlKind.CHAR || k == SqlKind.VARCHAR || k == SqlKind.TEXT || k == SqlKind.ENUM
                    || k == SqlKind.SET || k == SqlKind.OTHER;
            if (text && !base.equals("bytea")) {
                g.add(ValueLoss.NUL_CHARACTER);
            }
            return g;
        }
        if (dateish && (base.equals("date") || base.equals("datetime") || base.equals("timestamp"))) {
            g.add(ValueLoss.INFINITY);
            g.add(ValueLoss.DATE_OUT_OF_RANGE);
        }
        boolean numeric = k == SqlKind.DECIMAL || k == SqlKind.FLOAT32 || k == SqlKind.FLOAT64;
        if (numeric && (base.equals("decimal") || base.equals("numeric") || base.equals("dec") || base.equals("fixed"))) {
            g.add(ValueLoss.NOT_A_NUMBER);
            g.add(ValueLoss.DECIMAL_OUT_OF_RANGE);
        }
        if (numeric && (base.equals("float") || base.equals("double") || base.equals("real")
                || base.equals("double precision"))) {
            g.add(ValueLoss.NOT_A_NUMBER);
            if (k != SqlKind.DECIMAL) {
                g.add(ValueLoss.NEGATIVE_ZERO);
            }
        }
        return g;
    }

    /** Every kind of loss a value of this source kind can be subject to (used to compare values under policies). */
    static Set<ValueLoss> forKind(SqlKind k) {
        return switch (k) {
            case DATE, TIMESTAMP, TIMESTAMPTZ -> EnumSet.of(ValueLoss.ZERO_DATE, ValueLoss.INFINITY,
                    ValueLoss.DATE_OUT_OF_RANGE);
            case TIME -> EnumSet.of(ValueLoss.TIME_OUT_OF_RANGE);
            case DECIMAL -> EnumSet.of(ValueLoss.NOT_A_NUMBER);
            case FLOAT32, FLOAT64 -> EnumSet.of(ValueLoss.NOT_A_NUMBER, ValueLoss.NEGATIVE_ZERO);
            case CHAR, VARCHAR, TEXT, ENUM, SET, OTHER -> EnumSet.of(ValueLoss.NUL_CHARACTER);
            default -> EnumSet.noneOf(ValueLoss.class);
        };
    }

    /** The type name without length/precision: {@code decimal(65,30)} gives {@code decimal}. */
    static String base(String ddl) {
        String d = ddl.toLowerCase(Locale.ROOT).trim();
        int p = d.indexOf('(');
        if (p >= 0) {
            int close = d.indexOf(')', p);
            d = (d.substring(0, p) + (close > 0 ? d.substring(close + 1) : "")).trim();
        }
        if (d.endsWith(" unsigned")) {
            d = d.substring(0, d.length() - 9);
        }
        return d.replace("  ", " ");
    }
}
