package dev.sluice.core.types;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The printed cast table ({@code sluice types}) tells the truth: every value check a built-in rule's target
 * type carries is named in that rule, and user overrides are listed first.
 */
class GuardsNamedInRulesTest {

    @ParameterizedTest
    @EnumSource(SqlKind.class)
    void everyGuardIsNamedByItsRule(SqlKind kind) {
        Column c = new Column("c", "t", kind, 10, 10, 2, false, true, null, false, List.of("a"), null);
        for (Engine from : List.of(Engine.MYSQL, Engine.POSTGRESQL)) {
            for (Engine to : List.of(Engine.MYSQL, Engine.POSTGRESQL)) {
                TargetType t = CastRules.forDirection(from, to).map(c);
                for (ValueLoss l : t.guards()) {
                    assertTrue(t.rule().contains(l.key), from + "->" + to + " " + kind + ": rule '" + t.rule()
                            + "' does not name its check " + l.key);
                }
            }
        }
    }

    @Test
    void overridesAreTheFirstRuleOfEveryTable() {
        for (Engine from : List.of(Engine.MYSQL, Engine.POSTGRESQL)) {
            for (Engine to : List.of(Engine.MYSQL, Engine.POSTGRESQL)) {
                CastRule first = CastRules.forDirection(from, to).rules().get(0);
                assertTrue(first.name().startsWith(CastRules.OVERRIDE_PREFIX), first.name());
            }
        }
        Column c = new Column("c", "time(6)", SqlKind.TIME, 0, 6, -1, false, true, null, false, List.of(), null);
        assertEquals("interval", CastRules.forDirection(Engine.MYSQL, Engine.POSTGRESQL)
                .map(c.withTypeOverride("interval")).ddl());
    }
}
