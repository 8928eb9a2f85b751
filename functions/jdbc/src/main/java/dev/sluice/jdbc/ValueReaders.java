package dev.sluice.jdbc;

import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads source result set columns into the wire form of their kind. One reader per column is chosen once
 * per table, so the per-row loop has no type dispatch beyond a virtual call and never boxes numbers.
 */
public final class ValueReaders {

    /** Reads column {@code i} (1-based) of the current row into the encoder. */
    @FunctionalInterface
    public interface ValueReader {
        void read(ResultSet rs, int i, RowEncoder out) throws SQLException;
    }

    private ValueReaders() {
    }

    public static ValueReader[] forTable(Table t, Engine engine) {
        ValueReader[] r = new ValueReader[t.columns().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = forColumn(t.columns().get(i), engine);
        }
        return r;
    }

    static ValueReader forColumn(Column c, Engine engine) {
        switch (c.kind().wire()) {
            case LONG:
                return (rs, i, out) -> {
                    long v = rs.getLong(i);
                    if (v == 0 && rs.wasNull()) {
                        out.putNull();
                    } else {
                        out.putLong(v);
                    }
                };
            case DOUBLE:
                if (c.kind() == dev.sluice.core.model.SqlKind.FLOAT32) {
                    return (rs, i, out) -> {
                        float v = rs.getFloat(i);
                        if (v == 0 && rs.wasNull()) {
                            out.putNull();
                        } else {
                            out.putDouble(v);
                        }
                    };
                }
                return (rs, i, out) -> {
                    double v = rs.getDouble(i);
                    if (v == 0 && rs.wasNull()) {
                        out.putNull();
                    } else {
                        out.putDouble(v);
                    }
                };
            case DECIMAL:
                if (engine == Engine.POSTGRESQL) {
                    // numeric prints plain decimal text; NaN and +-Infinity travel as text, never as a number
                    return (rs, i, out) -> {
                        String v = rs.getString(i);
                        if (v == null) {
                            out.putNull();
                        } else if (Character.isLetter(v.charAt(v.length() - 1))) {
                            out.putText(v);
                        } else {
                            out.putDecimal(v);
                        }
                    };
                }
                return (rs, i, out) -> {
                    BigDecimal v = rs.getBigDecimal(i);
                    if (v == null) {
                        out.putNull();
                    } else {
                        out.putDecimal(v.toPlainString());
                    }
                };
            case BOOL:
                return (rs, i, out) -> {
                    boolean v = rs.getBoolean(i);
                    if (!v && rs.wasNull()) {
                        out.putNull();
                    } else {
                        out.putBool(v);
                    }
                };
            case BYTES:
                if (c.kind() == dev.sluice.core.model.SqlKind.GEOMETRY && engine.isMySqlFamily()) {
                    // MySQL's own format (SRID + WKB) travels as WKB, or EWKB when there is an SRID
                    return (rs, i, out) -> {
                        byte[] v = rs.getBytes(i);
                        if (v == null) {
                            out.putNull();
                        } else {
                            out.putBytes(dev.sluice.core.types.Wkb.fromMySql(v));
                        }
                    };
                }
                return (rs, i, out) -> {
                    byte[] v = rs.getBytes(i);
                    if (v == null) {
                        out.putNull();
                    } else {
                        out.putBytes(v);
                    }
                };
            case TEXT:
            default:
                return textReader(c, engine);
        }
    }

    private static ValueReader textReader(Column c, Engine engine) {
        switch (c.kind()) {
            case TIMESTAMPTZ:
                // Sessions run in UTC: PostgreSQL prints "+00", which the wire form leaves out.
                return (rs, i, out) -> {
                    String v = rs.getString(i);
                    if (v == null) {
                        out.putNull();
                    } else {
                        out.putText(withoutUtcOffset(v));
                    }
                };
            case BIT:
                if (engine.isMySqlFamily()) {
                    long width = Math.max(1, c.length());
                    return (rs, i, out) -> {
                        String v = rs.getString(i);
                        if (v == null) {
                            out.putNull();
                        } else {
                            out.putText("0".repeat((int) Math.max(0, width - v.length())) + v);
                        }
                    };
                }
                return plainText();
            default:
                return rawText(c.kind(), engine) ? utf8Text() : plainText();
        }
    }

    /**
     * True where the driver hands over the server's own UTF-8 text for {@code getBytes}, so the value need not
     * be decoded into a string and encoded again: character types on both engines, and on MySQL/MariaDB also
     * the kinds read as {@code CAST(... AS CHAR)} and ENUM, SET and JSON (strings on the wire). PostgreSQL
     * may send date/time, uuid and other types in binary once a statement is server-prepared, so only its
     * character types qualify.
     */
    static boolean rawText(SqlKind kind, Engine engine) {
        return switch (kind) {
            case CHAR, VARCHAR, TEXT -> true;
            case DATE, TIME, TIMESTAMP, ENUM, SET, JSON -> engine.isMySqlFamily();
            default -> false;
        };
    }

    /** {@code 2024-01-01 10:00:00+00} and {@code 0044-03-15 10:00:00+00 BC} without their UTC offset. */
    static String withoutUtcOffset(String v) {
        if (v.endsWith("+00")) {
            return v.substring(0, v.length() - 3);
        }
        if (v.endsWith("+00 BC")) {
            return v.substring(0, v.length() - 6) + " BC";
        }
        return v;
    }

    private static ValueReader utf8Text() {
        return (rs, i, out) -> {
            byte[] v = rs.getBytes(i);
            if (v == null) {
                out.putNull();
            } else {
                out.putTextUtf8(v);
            }
        };
    }

    private static ValueReader plainText() {
        return (rs, i, out) -> {
            String v = rs.getString(i);
            if (v == null) {
                out.putNull();
            } else {
                out.putText(v);
            }
        };
    }
}
