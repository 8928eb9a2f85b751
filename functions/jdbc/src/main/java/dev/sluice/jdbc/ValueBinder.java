package dev.sluice.jdbc;

import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Engine;
import dev.sluice.core.types.Conversion;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Binds one wire value to a statement parameter for a target engine, applying the cast rule's conversion.
 * Text goes to PostgreSQL untyped ({@code Types.OTHER}) so the server parses it as the column's type (dates,
 * enums, json, uuid, arrays...), exactly as COPY would.
 */
public final class ValueBinder {
    private ValueBinder() {
    }

    public static void bind(PreparedStatement ps, int p, RowCursor cur, int i, Conversion conv, Engine target)
            throws SQLException {
        boolean pg = target == Engine.POSTGRESQL;
        switch (cur.tag(i)) {
            case Tag.NULL -> ps.setNull(p, pg ? Types.OTHER : Types.NULL);
            case Tag.LONG -> ps.setLong(p, cur.getLong(i));
            case Tag.DOUBLE -> ps.setDouble(p, cur.getDouble(i));
            case Tag.TRUE -> ps.setBoolean(p, true);
            case Tag.FALSE -> ps.setBoolean(p, false);
            case Tag.DECIMAL -> {
                if (pg) {
                    ps.setBigDecimal(p, new BigDecimal(cur.getString(i)));
                } else {
                    ps.setString(p, cur.getString(i));
                }
            }
            case Tag.TEXT -> {
                String s = cur.getString(i);
                if (conv == Conversion.BITS_TO_INTEGER) {
                    ps.setLong(p, Long.parseUnsignedLong(s, 2));
                } else if (pg) {
                    ps.setObject(p, conv == Conversion.UTC_OFFSET ? s + "+00" : s, Types.OTHER);
                } else {
                    ps.setString(p, s);
                }
            }
            case Tag.BYTES -> ps.setBytes(p, cur.getBytes(i));
            default -> throw new SQLException("unknown value tag " + cur.tag(i));
        }
    }
}
