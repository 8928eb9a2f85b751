package dev.sluice.core.types;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Spatial values on the wire: OGC well-known binary, or PostGIS extended WKB (EWKB) when the value has an
 * SRID, so the SRID travels with it. MySQL/MariaDB store geometry as a 4-byte little-endian SRID followed
 * by WKB; these functions convert between the two.
 */
public final class Wkb {
    private static final int EWKB_SRID = 0x20000000;

    private Wkb() {
    }

    /** MySQL's internal geometry to WKB (SRID 0) or EWKB (any other SRID). */
    public static byte[] fromMySql(byte[] internal) {
        if (internal.length < 9) {
            return internal;
        }
        int srid = ByteBuffer.wrap(internal, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteBuffer wkb = ByteBuffer.wrap(internal, 4, internal.length - 4).slice();
        if (srid == 0) {
            byte[] out = new byte[internal.length - 4];
            wkb.get(out);
            return out;
        }
        ByteOrder order = wkb.get(0) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int type = wkb.order(order).getInt(1);
        ByteBuffer out = ByteBuffer.allocate(internal.length).order(order);
        out.put(wkb.get(0)).putInt(type | EWKB_SRID).putInt(srid);
        out.put(internal, 9, internal.length - 9);
        return out.array();
    }

    /**
     * WKB with the SRID given beside it (as Debezium sends geometry: {@code {"wkb": ..., "srid": n}}) to the
     * wire form: EWKB carrying the SRID, or the WKB unchanged when the SRID is 0 or the value is EWKB already.
     */
    public static byte[] withSrid(byte[] wkb, int srid) {
        if (srid == 0 || wkb.length < 5) {
            return wkb;
        }
        ByteOrder order = wkb[0] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int type = ByteBuffer.wrap(wkb).order(order).getInt(1);
        if ((type & EWKB_SRID) != 0) {
            return wkb;
        }
        ByteBuffer out = ByteBuffer.allocate(wkb.length + 4).order(order);
        out.put(wkb[0]).putInt(type | EWKB_SRID).putInt(srid);
        out.put(wkb, 5, wkb.length - 5);
        return out.array();
    }

    /** WKB or EWKB to MySQL's internal geometry (its SRID first, 0 when the value has none). */
    public static byte[] toMySql(byte[] wkb) {
        if (wkb.length < 5) {
            return wkb;
        }
        ByteOrder order = wkb[0] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer in = ByteBuffer.wrap(wkb).order(order);
        int type = in.getInt(1);
        int srid = 0;
        int rest = 5;
        if ((type & EWKB_SRID) != 0 && wkb.length >= 9) {
            srid = in.getInt(5);
            type &= ~EWKB_SRID;
            rest = 9;
        }
        ByteBuffer out = ByteBuffer.allocate(4 + 5 + wkb.length - rest);
        out.order(ByteOrder.LITTLE_ENDIAN).putInt(srid);
        out.put(wkb[0]).order(order).putInt(type);
        out.put(wkb, rest, wkb.length - rest);
        return out.array();
    }
}
