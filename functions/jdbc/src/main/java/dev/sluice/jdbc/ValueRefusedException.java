package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;
import dev.sluice.core.types.ValueLoss;

/**
 * A value the target column cannot hold, under a policy that refuses it: the batch is not written and the
 * stream fails. The message names the table, column, row key and value, and what would accept it.
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

    private static String message(Table t, Column c, TargetType type, String rowKey, String value,
                                  ValueGuard.Outcome o) {
        ValueLoss l = o.loss();
        String where = "column " + c.name() + " of row " + rowKey + " holds " + Values.show(value);
        if (o.problem() != null) {
            return where + ": " + o.problem() + "; choose another valuePolicies." + l.key + " (" + l.policyList()
                    + ") or make the column nullable on the source";
        }
        StringBuilder sb = new StringBuilder(where).append(": ").append(l.what).append(", which target type ")
                .append(type.ddl()).append(" cannot hold (").append(l.why).append("). valuePolicies.").append(l.key)
                .append(" is \"error\"");
        String text = override(l);
        if (!l.policies.isEmpty()) {
            sb.append(": set it to ").append(l.alternatives()).append(" to carry such values")
                    .append(text == null ? "" : ", or");
        } else {
            sb.append(" (no other policy keeps the value):");
        }
        if (text != null) {
            sb.append(" keep them exactly with typeOverrides {\"").append(t.name()).append('.').append(c.name())
                    .append("\": \"").append(text).append("\"}");
        }
        return sb.toString();
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
