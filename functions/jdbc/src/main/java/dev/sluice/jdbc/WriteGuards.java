package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;
import dev.sluice.core.types.ValueLoss;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The value checks of one batch write: per column the {@link ValueGuard} of its target type (null where every
 * source value fits), the policies of the table, the values a policy changed ({@link ChangeLog}) and the
 * values it refused ({@link RefusalLog}). Only guarded columns are looked at; a table without guards costs
 * nothing. Two ways to leave refused rows out:
 * <ul>
 *   <li>in one pass (COPY): the writer checks each guarded value as it encodes the row ({@link #text},
 *       {@link #number}) and drops the row's bytes when {@link #endRow()} says a value of it was refused;</li>
 *   <li>with a pre-scan (multi-row INSERT, whose statements are sized before binding): {@link #refusedRows()}
 *       names the rows first, the writer skips them and binds the rest.</li>
 * </ul>
 * Values a policy replaced count only for rows that are written.
 */
final class WriteGuards {
    /** A value a policy replaced in the current row. */
    private record Replaced(String column, ValueLoss loss, String policy, String rowKey, String value) {
    }

    private final Table table;
    private final Batch batch;
    private final List<TargetType> types;
    private final ValueGuard[] guards;
    private final int[] guarded;
    private final int offset;
    private final ChangeLog changes = new ChangeLog();
    private final RefusalLog refusals = new RefusalLog();
    /** Replacements in the current row, counted once the row is written ({@link #endRow()}). */
    private final List<Replaced> rowChanges = new ArrayList<>();
    private boolean rowRefused;
    private long refusedRows;

    WriteGuards(Table t, List<TargetType> types, Batch b) {
        this(t, types, b, 0);
    }

    /** @param offset where the table's first column sits in a row (CDC rows start with their position) */
    WriteGuards(Table t, List<TargetType> types, Batch b, int offset) {
        this.table = t;
        this.batch = b;
        this.types = types;
        this.offset = offset;
        this.guards = new ValueGuard[types.size()];
        int n = 0;
        for (int i = 0; i < guards.length; i++) {
            guards[i] = ValueGuard.of(t.columns().get(i), types.get(i), t.policies());
            n += guards[i] == null ? 0 : 1;
        }
        this.guarded = new int[n];
        for (int i = 0, j = 0; i < guards.length; i++) {
            if (guards[i] != null) {
                guarded[j++] = i;
            }
        }
    }

    /** True when column {@code i} needs its values checked. */
    boolean guarded(int i) {
        return guards[i] != null;
    }

    /** True when no column of the table needs its values checked. */
    boolean none() {
        return guarded.length == 0;
    }

    /**
     * The rows (by index in the batch) holding at least one value a policy refuses, each refused value
     * recorded; null when there are none. Looks only at guarded columns.
     */
    BitSet refusedRows() {
        if (guarded.length == 0) {
            return null;
        }
        BitSet out = null;
        RowCursor cur = batch.cursor();
        int row = 0;
        while (cur.next()) {
            for (int i : guarded) {
                ValueGuard.Outcome o = outcome(i, cur);
                if (o != null && o.refused()) {
                    String v = cur.tag(offset + i) == Tag.DOUBLE ? Double.toString(cur.getDouble(offset + i))
                            : cur.getString(offset + i);
                    refuse(i, o, v, cur, row);
                    if (out == null) {
                        out = new BitSet();
                    }
                    out.set(row);
                }
            }
            row++;
        }
        refusedRows = out == null ? 0 : out.cardinality();
        return out;
    }

    /**
     * Ends the current row of a one-pass write: true when one of its values was refused, so the writer must
     * drop what it wrote of the row; otherwise the row's replacements are counted.
     */
    boolean endRow() {
        if (!rowRefused && rowChanges.isEmpty()) {
            return false; // the common case: every value of the row passed unchanged
        }
        boolean drop = rowRefused;
        if (drop) {
            refusedRows++;
        } else {
            for (Replaced r : rowChanges) {
                changes.add(r.column(), r.loss(), r.policy(), r.rowKey(), r.value());
            }
        }
        rowChanges.clear();
        rowRefused = false;
        return drop;
    }

    /** Rows left out so far because a value of theirs was refused. */
    long refusedRowCount() {
        return refusedRows;
    }

    private void refuse(int i, ValueGuard.Outcome o, String v, RowCursor cur, long row) {
        refusals.add(new RefusalLog.Refusal(table.name(), table.columns().get(i).name(), row,
                Values.rowKey(table, cur, batch, row, offset), v, o.loss(), o.policy(),
                ValueRefusedException.remedy(table, table.columns().get(i), o)));
    }

    /**
     * Checks the current row's after-image (change capture): a refused value throws, since a change cannot be
     * left out without the target diverging. Replacements are applied by {@link #text}/{@link #number}.
     */
    void requireAccepted(RowCursor cur, long row) {
        for (int i : guarded) {
            ValueGuard.Outcome o = outcome(i, cur);
            if (o != null && o.refused()) {
                String v = cur.tag(offset + i) == Tag.DOUBLE ? Double.toString(cur.getDouble(offset + i))
                        : cur.getString(offset + i);
                throw new ValueRefusedException(table, table.columns().get(i), types.get(i),
                        Values.rowKey(table, cur, batch, row, offset), v, o);
            }
        }
    }

    private ValueGuard.Outcome outcome(int i, RowCursor cur) {
        int at = offset + i;
        byte tag = cur.tag(at);
        if (tag == Tag.DOUBLE) {
            return guards[i].check(cur.getDouble(at));
        }
        if ((tag == Tag.TEXT || tag == Tag.DECIMAL) && guards[i].mayApply(cur.data(), cur.start(at), cur.length(at))) {
            return guards[i].check(cur.getString(at));
        }
        return null;
    }

    /**
     * Checks the current row's text value of column {@code i}; null when it passes unchanged, else the
     * outcome: a replacement, or a refusal (recorded; the row must be dropped, see {@link #endRow()}).
     */
    ValueGuard.Outcome text(int i, RowCursor cur, long row) {
        int at = offset + i;
        if (!guards[i].mayApply(cur.data(), cur.start(at), cur.length(at))) {
            return null;
        }
        String v = cur.getString(at);
        ValueGuard.Outcome o = guards[i].check(v);
        return o == null ? null : settle(i, o, v, cur, row);
    }

    /** Checks a floating-point value, as {@link #text}. */
    ValueGuard.Outcome number(int i, double v, RowCursor cur, long row) {
        ValueGuard.Outcome o = guards[i].check(v);
        return o == null ? null : settle(i, o, Double.toString(v), cur, row);
    }

    private ValueGuard.Outcome settle(int i, ValueGuard.Outcome o, String v, RowCursor cur, long row) {
        if (o.refused()) {
            refuse(i, o, v, cur, row);
            rowRefused = true;
            return o;
        }
        rowChanges.add(new Replaced(table.columns().get(i).name(), o.loss(), o.policy(),
                Values.rowKey(table, cur, batch, row, offset), v));
        return o;
    }

    /** Saves what the policies changed and refused, in the caller's transaction. */
    void save(Connection c, Dialect d, String schema) throws SQLException {
        changes.save(c, d, schema, batch, table);
        refusals.save(c, d, schema, batch);
    }
}
