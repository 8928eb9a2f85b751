package dev.sluice.core.control;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.ForeignKey;
import dev.sluice.core.model.Index;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.StructureJson;
import dev.sluice.core.model.Table;
import dev.sluice.core.model.UserType;
import dev.sluice.core.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlMessageTest {

    static Structure structure(Engine engine) {
        Column id = new Column("id", "int(10) unsigned", SqlKind.INT32, 0, 10, 0, true, false, null, true, null, null);
        Column name = new Column("Name \"quoted\"", "varchar(100)", SqlKind.VARCHAR, 100, -1, -1, false, true,
                "'unknown'", false, List.of(), "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        Column size = new Column("size", "enum('S','M','it''s')", SqlKind.ENUM, 0, -1, -1, false, true, "'M'", false,
                List.of("S", "M", "it's"), null);
        Column price = new Column("price", "decimal(65,30)", SqlKind.DECIMAL, 0, 65, 30, false, true, "0.000", false,
                null, null);
        Column body = new Column("body", "longtext", SqlKind.TEXT, 4294967295L, -1, -1, false, true, null, false, null,
                null);
        Column at = new Column("updated_at", "timestamp(6)", SqlKind.TIMESTAMPTZ, 0, 6, -1, false, false,
                "current_timestamp(6)", false, null, "on update current_timestamp(6)");
        Column emoji = new Column("\u5217 \uD83D\uDE00", "text", SqlKind.TEXT, 0, -1, -1, false, true, null, false, null,
                "");
        Table products = new Table("shop", "products", List.of(id, name, size, price, body, at, emoji), List.of("id"),
                List.of(new Index("ix_name", List.of("Name \"quoted\""), true, "BTREE", null, false),
                        new Index("ix_expr", List.of(), false, "GIN",
                                "CREATE INDEX ix_expr ON shop.products USING gin (to_tsvector('english', body))", true)),
                List.of(), 123456789012L, null);
        Column orderId = new Column("order_id", "bigint", SqlKind.INT64, 0, 19, 0, false, false, null, false, null, null);
        Column productId = new Column("product_id", "int(10) unsigned", SqlKind.INT32, 0, 10, 0, true, false, null,
                false, null, null);
        Table lines = new Table("shop", "order_lines", List.of(orderId, productId), List.of("order_id", "product_id"),
                List.of(), List.of(new ForeignKey("fk_product", List.of("product_id"), "shop", "products", List.of("id"),
                        "CASCADE", "NO ACTION")), 0, "SELECT * FROM order_lines WHERE order_id > 10");
        Table noKey = new Table(null, "log", List.of(body), List.of(), List.of(), List.of(), -1, null);
        List<UserType> types = List.of(
                new UserType("public", "mpaa_rating", UserType.Kind.ENUM, List.of("G", "PG-13", "NC-17"), null, null),
                new UserType("public", "positive_int", UserType.Kind.DOMAIN, null, "integer",
                        List.of("CHECK (VALUE > 0)", "CHECK (VALUE < 1000000)")));
        return new Structure(engine, List.of(products, lines, noKey), types);
    }

    static Stream<ControlMessage> messages() {
        return Stream.of(
                new ControlMessage.StructureMsg(structure(Engine.MYSQL)),
                new ControlMessage.StructureMsg(structure(Engine.POSTGRESQL)),
                new ControlMessage.StructureMsg(new Structure(Engine.MARIADB, List.of(), null)),
                new ControlMessage.TableStart("orders", 5_000),
                new ControlMessage.TableStart("\u5ba2\u6237 \"x\"", -1),
                new ControlMessage.TableEnd("orders", 12, 5_000, 1_234_567),
                new ControlMessage.TableEnd("\u5ba2\u6237", 0, 0, 0),
                new ControlMessage.TableEnd("big", Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE),
                new ControlMessage.StreamEnd(3),
                new ControlMessage.StreamEnd(0),
                new ControlMessage.ReaderFailed("cannot read table \"orders\":\n  Access denied for user 'app'@'%'"),
                new ControlMessage.ReaderFailed(""),
                new ControlMessage.ReaderFailed(null),
                new ControlMessage.Pause(),
                new ControlMessage.Resume(),
                new ControlMessage.StateQuery(),
                new ControlMessage.ReplicationState("PAUSED", 12_345, 12_000, 345),
                new ControlMessage.ReplicationState("RUNNING", 0, 0, -1));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageSurvivesTheWire(ControlMessage m) {
        String json = ControlMessage.toJson(m);
        assertEquals(m, ControlMessage.fromJson(json));
        assertTrue(json.indexOf('\n') < 0, "one line on the wire: " + json);
    }

    @Test
    void messagesAreReadableJsonWithATypeField() {
        Map<String, Object> end = Json.parseObject(ControlMessage.toJson(new ControlMessage.TableEnd("orders", 2, 10, 99)));
        assertEquals("TABLE_END", end.get("type"));
        assertEquals("orders", end.get("table"));
        assertEquals("TABLE_START",
                Json.parseObject(ControlMessage.toJson(new ControlMessage.TableStart("orders", 7))).get("type"));
        assertEquals("STREAM_END", Json.parseObject(ControlMessage.toJson(new ControlMessage.StreamEnd(1))).get("type"));
        assertEquals("READER_FAILED",
                Json.parseObject(ControlMessage.toJson(new ControlMessage.ReaderFailed("x"))).get("type"));
        Map<String, Object> s = Json.parseObject(ControlMessage.toJson(
                new ControlMessage.StructureMsg(structure(Engine.MYSQL))));
        assertEquals("STRUCTURE", s.get("type"));
        assertInstanceOf(Map.class, s.get("structure"), "structure is nested JSON, not an escaped string");
    }

    @Test
    void aStructureKeepsEveryDetailTheWriterNeeds() {
        Structure sent = structure(Engine.POSTGRESQL);
        Structure got = ((ControlMessage.StructureMsg) ControlMessage.fromJson(
                ControlMessage.toJson(new ControlMessage.StructureMsg(sent)))).structure();
        Table products = got.table("products");
        Column size = products.column("size").orElseThrow();
        assertEquals(List.of("S", "M", "it's"), size.enumValues());
        assertEquals("'M'", size.defaultValue());
        Column id = products.column("id").orElseThrow();
        assertTrue(id.unsigned());
        assertTrue(id.autoIncrement());
        assertEquals(4294967295L, products.column("body").orElseThrow().length());
        assertEquals(65, products.column("price").orElseThrow().precision());
        assertEquals(30, products.column("price").orElseThrow().scale());
        assertEquals(-1, products.column("body").orElseThrow().precision());
        assertEquals("on update current_timestamp(6)", products.column("updated_at").orElseThrow().extra());
        assertEquals(123456789012L, products.estimatedRows());
        assertEquals("CREATE INDEX ix_expr ON shop.products USING gin (to_tsvector('english', body))",
                products.indexes().get(1).definition());
        ForeignKey fk = got.table("order_lines").foreignKeys().get(0);
        assertEquals(List.of("product_id"), fk.columns());
        assertEquals("products", fk.refTable());
        assertEquals("CASCADE", fk.onDelete());
        assertEquals("SELECT * FROM order_lines WHERE order_id > 10", got.table("order_lines").customQuery());
        assertEquals(List.of("CHECK (VALUE > 0)", "CHECK (VALUE < 1000000)"), got.userTypes().get(1).checks());
        assertEquals(sent, got);
    }

    @Test
    void whetherTheTargetHasPostgisTravelsWithTheStructure() {
        for (boolean postgis : new boolean[] {false, true}) {
            Structure sent = structure(Engine.MARIADB).withTargetPostgis(postgis);
            Structure got = ((ControlMessage.StructureMsg) ControlMessage.fromJson(
                    ControlMessage.toJson(new ControlMessage.StructureMsg(sent)))).structure();
            assertEquals(postgis, got.targetPostgis());
            assertEquals(postgis, got.withTables(got.tables()).targetPostgis(), "kept by withTables");
            assertEquals(sent, got);
        }
    }

    @ParameterizedTest
    @EnumSource(SqlKind.class)
    void everyColumnKindSurvives(SqlKind kind) {
        Column c = new Column("c", "t", kind, 7, 3, 2, false, true, null, false, null, null);
        Table t = new Table("s", "t", List.of(c), List.of(), List.of(), List.of(), 0, null);
        assertEquals(t, StructureJson.readTable(StructureJson.writeTable(t)));
    }

    @Test
    void aTableSurvivesOnItsOwn() {
        Table t = structure(Engine.MYSQL).table("order_lines");
        assertEquals(t, StructureJson.readTable(StructureJson.writeTable(t)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"TABLE_PAUSED\"}", "{\"type\":null}", "{}", "{\"type\":\"table_end\"}"})
    void anUnknownMessageTypeIsRejectedByName(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlMessage.fromJson(json));
        assertTrue(e.getMessage().startsWith("unknown control message type"), e::getMessage);
    }

    @Test
    void malformedJsonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.fromJson("{\"type\":\"STREAM_END\","));
    }
}
