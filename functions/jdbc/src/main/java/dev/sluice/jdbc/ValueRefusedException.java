package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;
import dev.sluice.core.types.ValueLoss;

/**
 * A value the target column cannot hold, under a policy that refuses it. A bulk copy leaves such rows out
 * and records them ({@link RefusalLog}); change capture cannot skip a change, so it stops with this
 * exception. The message names the table, column, row key and value, and what would accept it.
 */
public final class ValueRefusedException extends RuntimeException {
    private final ValueLoss loss;

    ValueRefusedException(Table t, Column c, TargetType type, String rowKey, String value, ValueGuard.Outcome o) {
        super(message(t, c, type, rowKey, value, o));
        this.loss = o.loss();
    }

    public ValueLoss loss() {
        return loss;
    }

    /** Column, row, value, why the target cannot hold it, and what would accept it. */
    static String message(Table t, Column c, TargetType type, String rowKey, String value, ValueGuard.Outcome o) {
        ValueLoss l = o.loss();
        String where = "column " + c.name() + " of row " + rowKey + " holds " + Values.show(value);
        if (o.problem() != null) {
            return where + ": " + o.problem() + "; " + remedy(t, c, o);
        }
        return where + ": " + l.what + ", which target type " + type.ddl() + " cannot hold (" + l.why
                + "). valuePolicies." + l.key + " is \"error\"; to accept it: " + remedy(t, c, o);
    }

    /** What would accept such a value: another policy, a type override, or both. */
    static String remedy(Table t, Column c, ValueGuard.Outcome o) {
        ValueLoss l = o.loss();
        if (o.problem() != null) {
            return "choose another valuePolicies." + l.key + " (" + l.policyList()
                    + ") or make the column nullable on the source";
        }
        StringBuilder sb = new StringBuilder();
        if (!l.policies.isEmpty()) {
            sb.append("set valuePolicies.").append(l.key).append(" to ").append(l.alternatives());
        }
        String text = override(l);
        if (text != null) {
            sb.append(sb.length() > 0 ? ", or keep such values exactly with" : "keep such values exactly with")
                    .append(" typeOverrides {\"").append(t.name()).append('.').append(c.name()).append("\": \"")
                    .append(text).append("\"}");
        }
        return sb.length() > 0 ? sb.toString() : "no policy keeps such a value; change it on the source";
    }

    /** A target type that holds such values exactly, when there is one. */
    public static String override(ValueLoss l) {
        return switch (l) {
            case ZERO_DATE -> "text";
            case TIME_OUT_OF_RANGE -> "interval";
            case INFINITY, DATE_OUT_OF_RANGE -> "varchar(40)";
            case NOT_A_NUMBER, DECIMAL_OUT_OF_RANGE -> "longtext";
            case NUL_CHARACTER -> "bytea";
            case NEGATIVE_ZERO -> null;
        };
    }
}
