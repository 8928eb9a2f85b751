package dev.sluice.core.config;

import dev.sluice.core.types.ValueLoss;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** typeOverrides and valuePolicies in the stream config: read, validated, kept by every with-method. */
class StreamConfigPoliciesTest {
    private static final String BASE = "{\"source\":\"mysql://root@h/db\",\"target\":\"postgresql://postgres@h/db\"";

    @Test
    void bothFieldsAreReadAndKept() {
        StreamConfig c = StreamConfig.fromJson(BASE + ",\"typeOverrides\":{\"orders.flag\":\"boolean\","
                + "\"type:time\":\"interval\"},\"valuePolicies\":{\"zeroDate\":\"null\",\"infinity\":\"clamp\"}}");
        assertEquals(Map.of("orders.flag", "boolean", "type:time", "interval"), c.typeOverrides());
        assertEquals("null", c.valuePolicies().action(ValueLoss.ZERO_DATE));
        assertEquals("clamp", c.valuePolicies().action(ValueLoss.INFINITY));
        assertEquals("error", c.valuePolicies().action(ValueLoss.NOT_A_NUMBER));
        StreamConfig changed = c.withDataBundleSize(100).withTables(java.util.List.of()).withMaxDeliveries(2)
                .withTuning(2, 2, false).withExistingTables(ExistingTables.DROP);
        assertEquals(c.typeOverrides(), changed.typeOverrides());
        assertEquals(c.valuePolicies(), changed.valuePolicies());
        String json = c.toRedactedJson();
        assertTrue(json.contains("\"typeOverrides\":{\"orders.flag\":\"boolean\",\"type:time\":\"interval\"}"), json);
        assertTrue(json.contains("\"valuePolicies\":{\"zeroDate\":\"null\",\"infinity\":\"clamp\"}"), json);
    }

    @Test
    void defaultsAreNoOverridesAndErrorEverywhere() {
        StreamConfig c = StreamConfig.fromJson(BASE + "}");
        assertEquals(Map.of(), c.typeOverrides());
        assertTrue(c.valuePolicies().isDefault());
        assertTrue(!c.toRedactedJson().contains("valuePolicies"));
    }

    @Test
    void badEntriesNameTheField() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StreamConfig.fromJson(BASE + ",\"valuePolicies\":{\"zeroDate\":\"drop\"}}"));
        assertEquals("valuePolicies.zeroDate 'drop' is not one of \"error\", \"null\", <a date such as 1970-01-01>",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> StreamConfig.fromJson(BASE + ",\"typeOverrides\":[\"x\"]}"));
        assertTrue(e.getMessage().startsWith("typeOverrides must be an object"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> StreamConfig.fromJson(BASE + ",\"typeOverrides\":{\"t.c\":1}}"));
        assertEquals("typeOverrides.t.c must be a target type as a string", e.getMessage());
        e = assertThrows(ConfigException.class, () -> StreamConfig.fromJson(BASE + ",\"valuePolicies\":\"null\"}"));
        assertTrue(e.getMessage().startsWith("valuePolicies must be an object"), e.getMessage());
    }
}
