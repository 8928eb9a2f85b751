package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Table;

/** Values and row keys as a person reads them in messages. */
final class Values {
    private static final int MAX = 80;

    private Values() {
    }

    /** A value quoted, control characters escaped, long values cut. */
    static String show(String v) {
        if (v == null) {
            return "NULL";
        }
        return "'" + escaped(v, MAX) + (v.length() > MAX ? "' (" + v.length() + " characters)" : "'");
    }

    /**
     * A value as text any target column holds: NUL as {@code \0}, other control characters as {@code \xNN};
     * cut after {@code max} characters with {@code ...}. Null stays null.
     */
    static String escaped(String v, int max) {
        if (v == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length() && i < max; i++) {
            char ch = v.charAt(i);
            if (ch == '\0') {
                sb.append("\\0");
            } else if (ch < 0x20) {
                sb.append(String.format("\\x%02x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return v.length() > max ? sb.append("...").toString() : sb.toString();
    }

    /** The current row's primary key ({@code id=7}, {@code (a=1, b=x)}) or its position for keyless tables. */
    static String rowKey(Table t, RowCursor cur, Batch b, long index) {
        return rowKey(t, cur, b, index, 0);
    }

    /** As {@link #rowKey(Table, RowCursor, Batch, long)}, for rows whose table columns start at {@code offset}. */
    static String rowKey(Table t, RowCursor cur, Batch b, long index, int offset) {
        if (!t.hasPrimaryKey()) {
            String first = b.key().firstId();
            if (first.startsWith("#")) {
                try {
                    return "#" + (Long.parseLong(first.substring(1)) + index) + " (the table has no primary key)";
                } catch (NumberFormatException ignored) {
                    // falls through
                }
            }
            return (index + 1) + " of the batch starting at " + first;
        }
        StringBuilder sb = new StringBuilder();
        for (String k : t.primaryKey()) {
            int i = t.columnIndex(k);
            sb.append(sb.length() > 0 ? ", " : "").append(k).append('=').append(i < 0 ? "?" : text(cur, offset + i));
        }
        return t.primaryKey().size() > 1 ? "(" + sb + ")" : sb.toString();
    }

    private static String text(RowCursor cur, int i) {
        return switch (cur.tag(i)) {
            case Tag.NULL -> "NULL";
            case Tag.LONG -> Long.toString(cur.getLong(i));
            case Tag.DOUBLE -> Double.toString(cur.getDouble(i));
            case Tag.TRUE -> "true";
            case Tag.FALSE -> "false";
            case Tag.BYTES -> "0x" + java.util.HexFormat.of().formatHex(cur.getBytes(i));
            default -> cur.getString(i);
        };
    }
}
