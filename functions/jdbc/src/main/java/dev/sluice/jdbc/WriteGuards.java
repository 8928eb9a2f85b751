package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The value checks of one batch write: per column the {@link ValueGuard} of its target type (null where every
 * source value fits), the policies of the table, and the count of values a policy changed.
 */
final class WriteGuards {
    private final Table table;
    private final Batch batch;
    private final List<TargetType> types;
    private final ValueGuard[] guards;
    private final ChangeLog changes = new ChangeLog();

    WriteGuards(Table t, List<TargetType> types, Batch b) {
        this.table = t;
        this.batch = b;
        this.types = types;
        this.guards = new ValueGuard[types.size()];
        for (int i = 0; i < guards.length; i++) {
            guards[i] = ValueGuard.of(t.columns().get(i), types.get(i), t.policies());
        }
    }

    /** True when column {@code i} needs its values checked. */
    boolean guarded(int i) {
        return guards[i] != null;
    }

    /** Checks the current row's text value of column {@code i}; null when it passes unchanged (a refusal throws). */
    ValueGuard.Outcome text(int i, RowCursor cur, long row) {
        if (!guards[i].mayApply(cur.data(), cur.start(i), cur.length(i))) {
            return null;
        }
        String v = cur.getString(i);
        ValueGuard.Outcome o = guards[i].check(v);
        return o == null ? null : settle(i, o, v, cur, row);
    }

    /** Checks a floating-point value; null when it passes unchanged, else the outcome (a refusal throws). */
    ValueGuard.Outcome number(int i, double v, RowCursor cur, long row) {
        ValueGuard.Outcome o = guards[i].check(v);
        return o == null ? null : settle(i, o, Double.toString(v), cur, row);
    }

    private ValueGuard.Outcome settle(int i, ValueGuard.Outcome o, String v, RowCursor cur, long row) {
        String key = Values.rowKey(table, cur, batch, row);
        if (o.refused()) {
            throw new ValueRefusedException(table, table.columns().get(i), types.get(i), key, v, o);
        }
        changes.add(table.columns().get(i).name(), o.loss(), o.policy(), key, v);
        return o;
    }

    /** Saves what the policies changed, in the caller's transaction. */
    void save(Connection c, Dialect d, String schema) throws SQLException {
        changes.save(c, d, schema, batch, table);
    }
}
