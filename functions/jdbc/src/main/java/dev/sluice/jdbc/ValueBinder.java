package dev.sluice.jdbc;

import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Engine;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.Wkb;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;

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
                    ps.setObject(p, conv == Conversion.UTC_OFFSET ? utc(s) : s, Types.OTHER);
                } else {
                    ps.setString(p, s);
                }
            }
            case Tag.BYTES -> {
                if (conv == Conversion.WKB_TO_POSTGIS && pg) {
                    ps.setObject(p, HexFormat.of().formatHex(cur.getBytes(i)), Types.OTHER); // PostGIS reads hex EWKB
                } else if (conv == Conversion.WKB_TO_GEOMETRY && !pg) {
                    ps.setBytes(p, Wkb.toMySql(cur.getBytes(i))); // MySQL's own format: SRID, then WKB
                } else {
                    ps.setBytes(p, cur.getBytes(i));
                }
            }
            default -> throw new SQLException("unknown value tag " + cur.tag(i));
        }
    }

    /**
     * A UTC timestamp text as PostgreSQL reads it for timestamptz: the offset goes before an era suffix
     * ({@code ... BC}), and {@code infinity} / {@code -infinity} take none.
     */
    static String utc(String v) {
        return v.endsWith(" BC") ? v.substring(0, v.length() - 3) + "+00 BC" : v.endsWith("infinity") ? v : v + "+00";
    }

    /** Binds the value a value policy chose instead of the source's ({@code null}: SQL NULL). */
    public static void bindReplacement(PreparedStatement ps, int p, String replacement, boolean floating,
                                       Conversion conv, Engine target) throws SQLException {
        boolean pg = target == Engine.POSTGRESQL;
        if (replacement == null) {
            ps.setNull(p, pg ? Types.OTHER : Types.NULL);
        } else if (floating) {
            ps.setDouble(p, Double.parseDouble(replacement));
        } else if (pg) {
            ps.setObject(p, conv == Conversion.UTC_OFFSET ? utc(replacement) : replacement, Types.OTHER);
        } else {
            ps.setString(p, replacement);
        }
    }
}
