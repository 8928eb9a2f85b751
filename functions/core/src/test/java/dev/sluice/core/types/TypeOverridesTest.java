package dev.sluice.core.types;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.StructureJson;
import dev.sluice.core.model.Table;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User type overrides come before every cast rule; a key that matches nothing is an error. */
class TypeOverridesTest {
    private static final Column FLAG = new Column("flag", "tinyint(1)", SqlKind.INT8, 0, 3, 0, false, true, null,
            false, List.of(), null);
    private static final Column AT = new Column("at", "time(6)", SqlKind.TIME, 0, 6, -1, false, true, null, false,
            List.of(), null);
    private static final Structure S = new Structure(Engine.MARIADB, List.of(
            new Table("db", "orders", List.of(FLAG, AT), List.of(), List.of(), List.of(), 0, null),
            new Table("db", "order.lines", List.of(FLAG), List.of(), List.of(), List.of(), 0, null)), List.of());

    @Test
    void columnAndTypeOverridesComeFirstAndTheColumnWins() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("type:tinyint(1)", "boolean");
        o.put("type:time", "interval");
        o.put("order.lines.flag", "smallint");
        Structure s = TypeOverrides.apply(S, o, ValuePolicies.DEFAULT);
        CastRules rules = CastRules.forDirection(Engine.MARIADB, Engine.POSTGRESQL);
        TargetType flag = rules.map(s.table("orders").columns().get(0));
        assertEquals("boolean", flag.ddl());
        assertTrue(flag.isOverride(), flag.rule());
        assertEquals("interval", rules.map(s.table("orders").columns().get(1)).ddl());
        assertEquals("smallint", s.table("order.lines").columns().get(0).typeOverride());
    }

    @Test
    void policiesGoOnEveryTableAndSurviveTheStructureJson() {
        ValuePolicies p = new ValuePolicies(Map.of(ValueLoss.ZERO_DATE, "null"));
        Structure s = TypeOverrides.apply(S, Map.of("orders.at", "interval"), p);
        Structure back = StructureJson.read(StructureJson.write(s));
        assertEquals(s, back);
        assertEquals("null", back.table("orders").policies().action(ValueLoss.ZERO_DATE));
        assertEquals("interval", back.table("orders").columns().get(1).typeOverride());
        assertNull(back.table("orders").columns().get(0).typeOverride());
    }

    @Test
    void aKeyThatMatchesNothingIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TypeOverrides.apply(S, Map.of("order.flag", "boolean"), ValuePolicies.DEFAULT));
        assertTrue(e.getMessage().contains("'order.flag' matches no column"), e.getMessage());
        assertTrue(e.getMessage().contains("orders, order.lines"), e.getMessage());
        assertThrows(ConfigException.class, () -> TypeOverrides.apply(S, Map.of("type:tinyint(2)", "boolean"),
                ValuePolicies.DEFAULT));
    }
}
