package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Wkb;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a change's images into a change batch row (layout: {@link dev.sluice.core.batch.ChangeRows}),
 * converting Debezium's JSON values (ISO time strings, base64 bytes, decimal strings) to the wire form of
 * each column's kind: the same form the bulk reader produces, so a row copied and a row replicated are
 * written the same way.
 */
public final class ChangeEncoder {
    /** What PostgreSQL's connector sends for a TOASTed value an UPDATE did not change. */
    public static final String UNAVAILABLE = "__debezium_unavailable_value";

    private ChangeEncoder() {
    }

    public static void encode(ChangeEvent e, Table t, RowEncoder out) {
        out.beginRow();
        out.putText(e.position());
        if (e.action() != Action.INSERT) {
            Map<String, Object> keyImage = e.before() != null ? e.before() : e.after();
            if (keyImage == null) {
                throw new DebeziumDecoder.MalformedChangeException(e.action() + " of " + t.name()
                        + " has no before-image");
            }
            for (String k : t.primaryKey()) {
                value(t.column(k).orElseThrow(), keyImage.get(k), keyImage.containsKey(k), out, t);
            }
        }
        if (e.action() != Action.DELETE) {
            if (e.after() == null) {
                throw new DebeziumDecoder.MalformedChangeException(e.action() + " of " + t.name() + " has no after-image");
            }
            for (Column c : t.columns()) {
                value(c, e.after().get(c.name()), e.after().containsKey(c.name()), out, t);
            }
        }
        out.endRow();
    }

    private static void value(Column c, Object v, boolean present, RowEncoder out, Table t) {
        if (!present || UNAVAILABLE.equals(v)) {
            out.putUnchanged();
            return;
        }
        if (v == null) {
            out.putNull();
            return;
        }
        try {
            switch (c.kind().wire()) {
                case LONG -> out.putLong(number(v).longValueExact());
                case DOUBLE -> out.putDouble(number(v).doubleValue());
                case DECIMAL -> out.putDecimal(number(v).toPlainString());
                case BOOL -> out.putBool(v instanceof Boolean b ? b : number(v).signum() != 0);
                case BYTES -> out.putBytes(bytes(c, v));
                default -> out.putText(text(c, v));
            }
        } catch (ArithmeticException | IllegalArgumentException | ClassCastException ex) {
            throw new DebeziumDecoder.MalformedChangeException("value of " + t.name() + "." + c.name() + " ("
                    + c.kind() + ") cannot be read from the change event: " + v);
        }
    }

    private static BigDecimal number(Object v) {
        return v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    }

    @SuppressWarnings("unchecked")
    private static byte[] bytes(Column c, Object v) {
        if (v instanceof Map<?, ?> m && c.kind() == SqlKind.GEOMETRY) {
            // Debezium sends the SRID beside the WKB: it travels inside the value (EWKB), as from the bulk reader
            Map<String, Object> g = (Map<String, Object>) m;
            byte[] wkb = Base64.getDecoder().decode((String) g.get("wkb"));
            Object srid = g.get("srid");
            return srid == null ? wkb : Wkb.withSrid(wkb, number(srid).intValueExact());
        }
        return Base64.getDecoder().decode((String) v);
    }

    private static String text(Column c, Object v) {
        switch (c.kind()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMPTZ:
                String s = v.toString().replace('T', ' ');
                return s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
            case BIT:
                if (v instanceof Boolean b) {
                    return b ? "1" : "0";
                }
                return bits(Base64.getDecoder().decode(v.toString()), (int) Math.max(1, c.length()));
            case ARRAY:
                return v instanceof List<?> l ? arrayLiteral(l) : v.toString();
            default:
                return v instanceof BigDecimal b ? b.toPlainString() : v.toString();
        }
    }

    /** Debezium sends BIT(n) as little-endian bytes; the wire form is the bit string, most significant first. */
    static String bits(byte[] le, int width) {
        StringBuilder sb = new StringBuilder(width);
        for (int i = width - 1; i >= 0; i--) {
            int b = i / 8 < le.length ? le[i / 8] : 0;
            sb.append(((b >> (i % 8)) & 1) == 1 ? '1' : '0');
        }
        return sb.toString();
    }

    /** A PostgreSQL array literal, e.g. {a,"b c",NULL}. */
    static String arrayLiteral(List<?> l) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < l.size(); i++) {
            Object o = l.get(i);
            sb.append(i > 0 ? "," : "");
            if (o == null) {
                sb.append("NULL");
            } else if (o instanceof List<?> inner) {
                sb.append(arrayLiteral(inner));
            } else {
                String s = o instanceof BigDecimal b ? b.toPlainString() : o.toString();
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
