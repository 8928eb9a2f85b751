package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.ChangeRows;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debezium's geometry values ({"wkb": base64, "srid": n}) keep their SRID on the way into a change batch. */
class ChangeEncoderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aGeometryKeepsTheSridDebeziumSendsBesideIt() {
        Column id = new Column("id", "int", SqlKind.INT32, 0, 10, 0, false, false, null, false, null, null);
        Column g = new Column("g", "point", SqlKind.GEOMETRY, 0, -1, -1, true, true, null, false, null, null);
        Table t = new Table("shop", "places", List.of(id, g), List.of("id"), List.of(), List.of(), 0, null);
        String wkb = "0101000000000000000000f03f0000000000000040"; // POINT(1 2)
        assertEquals("0101000020e6100000000000000000f03f0000000000000040", afterImage(t, wkb, 4326));
        assertEquals(wkb, afterImage(t, wkb, 0), "SRID 0 stays plain WKB");
        assertEquals(wkb, afterImage(t, wkb, null), "no SRID given: the WKB as sent");
    }

    private static String afterImage(Table t, String wkbHex, Integer srid) {
        Map<String, Object> geometry = new java.util.HashMap<>();
        geometry.put("wkb", Base64.getEncoder().encodeToString(HEX.parseHex(wkbHex)));
        if (srid != null) {
            geometry.put("srid", srid);
        }
        ChangeEvent e = new ChangeEvent("places", Action.INSERT, "pos-1", 0, null, Map.of("id", 1, "g", geometry));
        RowEncoder out = new RowEncoder(128);
        ChangeEncoder.encode(e, t, out);
        // an INSERT's row: the position, then the after-image
        RowCursor cur = new RowCursor(out.buffer(), 0, out.size(), ChangeRows.columns(t, Action.INSERT));
        assertTrue(cur.next());
        assertEquals("pos-1", cur.getString(0));
        assertEquals(1, cur.getLong(1));
        return HEX.formatHex(cur.getBytes(2));
    }
}
