package dev.sluice.core.types;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MySQL's geometry format to WKB/EWKB and back, the SRID kept. */
class WkbTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sridZeroIsPlainWkbAndOtherSridsTravelAsEwkb() {
        byte[] plain = HEX.parseHex("00000000" + "0101000000000000000000f03f0000000000000040");
        assertEquals("0101000000000000000000f03f0000000000000040", HEX.formatHex(Wkb.fromMySql(plain)));
        byte[] srid = HEX.parseHex("e6100000" + "0101000000000000000000f03f0000000000000040");
        String ewkb = HEX.formatHex(Wkb.fromMySql(srid));
        assertEquals("0101000020e6100000000000000000f03f0000000000000040", ewkb);
        assertEquals(HEX.formatHex(srid), HEX.formatHex(Wkb.toMySql(HEX.parseHex(ewkb))));
        assertEquals(HEX.formatHex(plain), HEX.formatHex(Wkb.toMySql(Wkb.fromMySql(plain))));
    }

    @Test
    void bigEndianEwkbKeepsItsByteOrder() {
        String be = "0020000001" + "000010e6" + "3ff0000000000000" + "4000000000000000";
        byte[] mysql = Wkb.toMySql(HEX.parseHex(be));
        assertEquals("e6100000" + "0000000001" + "3ff0000000000000" + "4000000000000000", HEX.formatHex(mysql));
        assertEquals(be, HEX.formatHex(Wkb.fromMySql(mysql)));
    }

    @Test
    void anSridSentBesideTheWkbTravelsInsideIt() {
        String wkb = "0101000000000000000000f03f0000000000000040";
        assertEquals("0101000020e6100000000000000000f03f0000000000000040",
                HEX.formatHex(Wkb.withSrid(HEX.parseHex(wkb), 4326)), "as the bulk reader sends SRID 4326");
        assertEquals(wkb, HEX.formatHex(Wkb.withSrid(HEX.parseHex(wkb), 0)), "SRID 0: plain WKB");
        String ewkb = "0101000020e6100000000000000000f03f0000000000000040";
        assertEquals(ewkb, HEX.formatHex(Wkb.withSrid(HEX.parseHex(ewkb), 4326)), "already EWKB: unchanged");
        assertEquals("0020000001000010e63ff00000000000004000000000000000",
                HEX.formatHex(Wkb.withSrid(HEX.parseHex("00000000013ff00000000000004000000000000000"), 4326)),
                "big-endian keeps its byte order");
    }
}
