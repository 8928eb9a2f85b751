package dev.sluice.core.types;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each target type guards against, and what each policy does with a value that does not fit. */
class ValueGuardTest {

    private static Column col(String type, SqlKind kind, boolean nullable) {
        return new Column("c", type, kind, 0, -1, -1, false, nullable, null, false, List.of(), null);
    }

    private static ValueGuard guard(Engine from, Engine to, Column c, Map<ValueLoss, String> policies) {
        TargetType t = CastRules.forDirection(from, to).map(c);
        return ValueGuard.of(c, t, new ValuePolicies(policies));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0000-00-00|true", "2024-00-15|true", "2024-05-00 10:00:00|true", "0000-01-01|true",
            "2024-05-01|false", "1000-01-01 00:00:00.000000|false"})
    void mysqlZeroDatesAreRecognised(String value, boolean zero) {
        ValueGuard g = guard(Engine.MYSQL, Engine.POSTGRESQL, col("datetime", SqlKind.TIMESTAMP, true), Map.of());
        ValueGuard.Outcome o = g.check(value);
        assertEquals(zero, o != null, value);
        if (zero) {
            assertTrue(o.refused(), "the default policy refuses");
            assertEquals(ValueLoss.ZERO_DATE, o.loss());
        }
    }

    @Test
    void aZeroDateBecomesNullOrTheChosenDate() {
        Column date = col("date", SqlKind.DATE, true);
        Column dt = col("datetime", SqlKind.TIMESTAMP, true);
        ValueGuard.Outcome n = guard(Engine.MYSQL, Engine.POSTGRESQL, date, Map.of(ValueLoss.ZERO_DATE, "null"))
                .check("0000-00-00");
        assertFalse(n.refused());
        assertNull(n.replacement());
        assertEquals("1970-01-01", guard(Engine.MYSQL, Engine.POSTGRESQL, date,
                Map.of(ValueLoss.ZERO_DATE, "1970-01-01")).check("0000-00-00").replacement());
        assertEquals("1970-01-01 00:00:00", guard(Engine.MYSQL, Engine.POSTGRESQL, dt,
                Map.of(ValueLoss.ZERO_DATE, "1970-01-01")).check("0000-00-00 00:00:00").replacement());
    }

    @Test
    void nullIsRefusedForANotNullColumnSayingWhy() {
        ValueGuard.Outcome o = guard(Engine.MYSQL, Engine.POSTGRESQL, col("date", SqlKind.DATE, false),
                Map.of(ValueLoss.ZERO_DATE, "null")).check("0000-00-00");
        assertTrue(o.refused());
        assertTrue(o.problem().contains("NOT NULL"), o.problem());
    }

    @ParameterizedTest
    @CsvSource({"838:59:59,true", "-00:00:01,true", "24:00:00,false", "24:00:00.000001,true", "23:59:59.999999,false",
            "00:00:00,false"})
    void timeOutsideADayIsGuardedOnlyWhenTheTargetIsPostgresTime(String v, boolean out) {
        Column t = col("time(6)", SqlKind.TIME, true);
        assertEquals(out, guard(Engine.MARIADB, Engine.POSTGRESQL, t, Map.of()).check(v) != null, v);
        assertNull(ValueGuard.of(t.withTypeOverride("interval"), CastRules.forDirection(Engine.MARIADB,
                Engine.POSTGRESQL).map(t.withTypeOverride("interval")), ValuePolicies.DEFAULT), "interval holds them");
        assertNull(guard(Engine.MARIADB, Engine.MARIADB, t, Map.of()), "MySQL to MySQL keeps them");
    }

    @Test
    void postgresInfinityAndBcDatesIntoMysql() {
        Column d = col("date", SqlKind.DATE, true);
        assertTrue(guard(Engine.POSTGRESQL, Engine.MYSQL, d, Map.of()).check("infinity").refused());
        assertEquals("0001-01-01", guard(Engine.POSTGRESQL, Engine.MYSQL, d, Map.of(ValueLoss.INFINITY, "clamp"))
                .check("-infinity").replacement());
        assertEquals(ValueLoss.DATE_OUT_OF_RANGE, guard(Engine.POSTGRESQL, Engine.MYSQL, d, Map.of())
                .check("0044-03-15 BC").loss());
        assertEquals(ValueLoss.DATE_OUT_OF_RANGE, guard(Engine.POSTGRESQL, Engine.MYSQL, d, Map.of())
                .check("10000-01-01").loss());
        assertNull(guard(Engine.POSTGRESQL, Engine.MYSQL, d, Map.of()).check("9999-12-31"));
        assertNull(guard(Engine.POSTGRESQL, Engine.POSTGRESQL, d, Map.of()), "PostgreSQL to PostgreSQL keeps them");
    }

    @Test
    void numbersMysqlCannotHold() {
        Column num = new Column("n", "numeric", SqlKind.DECIMAL, 0, -1, -1, false, true, null, false, List.of(), null);
        ValueGuard g = guard(Engine.POSTGRESQL, Engine.MYSQL, num, Map.of());
        assertEquals(ValueLoss.NOT_A_NUMBER, g.check("NaN").loss());
        assertNull(g.check("12345678901234567890123456789012345.123456789012345678901234567890"));
        assertEquals(ValueLoss.DECIMAL_OUT_OF_RANGE, g.check("1.0000000000000000000000000000001").loss());
        assertEquals(ValueLoss.DECIMAL_OUT_OF_RANGE, g.check("123456789012345678901234567890123456").loss());
        assertNull(g.check("1.100000000000000000000000000000000000"), "trailing zeros are not digits lost");
        Column dbl = col("double precision", SqlKind.FLOAT64, true);
        ValueGuard d = guard(Engine.POSTGRESQL, Engine.MYSQL, dbl, Map.of(ValueLoss.NEGATIVE_ZERO, "zero"));
        assertEquals("0", d.check(-0.0).replacement());
        assertTrue(d.check(Double.NaN).refused());
        assertNull(d.check(0.0));
        assertNull(d.check(Double.MIN_VALUE));
    }

    @Test
    void nulCharactersIntoPostgresText() {
        Column t = col("text", SqlKind.TEXT, true);
        assertTrue(guard(Engine.MYSQL, Engine.POSTGRESQL, t, Map.of()).check("a\0b").refused());
        assertEquals("ab", guard(Engine.MYSQL, Engine.POSTGRESQL, t, Map.of(ValueLoss.NUL_CHARACTER, "strip"))
                .check("a\0b").replacement());
        assertEquals(Set.of(), CastRules.forDirection(Engine.MYSQL, Engine.POSTGRESQL)
                .map(t.withTypeOverride("bytea")).guards(), "bytea holds them");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"date|0000-00-00", "date|2024-00-15", "date|2024-05-00", "time|-00:00:01",
            "time|838:59:59", "time|24:00:01", "time|100:00:00", "text|a\u0000b"})
    void theByteLevelLookNeverSkipsAValueTheCheckWouldCatch(String type, String v) {
        Column c = switch (type) {
            case "date" -> col("date", SqlKind.DATE, true);
            case "time" -> col("time", SqlKind.TIME, true);
            default -> col("text", SqlKind.TEXT, true);
        };
        ValueGuard g = guard(Engine.MYSQL, Engine.POSTGRESQL, c, Map.of());
        byte[] b = v.replace("\\u0000", "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(g.mayApply(b, 0, b.length), v);
        String plain = type.equals("date") ? "2024-05-01" : type.equals("time") ? "23:59:59.999999" : "plain text";
        byte[] p = plain.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(g.mayApply(p, 0, p.length), plain);
    }

    @Test
    void comparisonAppliesOnlyConfiguredPolicies() {
        Column d = col("date", SqlKind.DATE, true);
        assertNull(ValueGuard.forComparison(d, ValuePolicies.DEFAULT));
        ValueGuard g = ValueGuard.forComparison(d, new ValuePolicies(Map.of(ValueLoss.ZERO_DATE, "1970-01-01")));
        assertEquals("1970-01-01", g.check("0000-00-00").replacement());
        assertNull(g.check("1970-01-01"));
        assertNull(g.check("infinity"), "infinity is still under the error policy: not touched");
    }

    @Test
    void policiesAreValidatedByKind() {
        assertEquals("null", ValuePolicies.fromJson(Map.of("zeroDate", "null")).action(ValueLoss.ZERO_DATE));
        assertEquals("error", ValuePolicies.fromJson(Map.of()).action(ValueLoss.ZERO_DATE));
        assertTrue(ValuePolicies.fromJson(Map.of("zeroDate", "error")).isDefault());
        ConfigException e = assertThrows(ConfigException.class, () -> ValuePolicies.fromJson(Map.of("zeroDates", "null")));
        assertTrue(e.getMessage().contains("known: zeroDate"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ValuePolicies.fromJson(Map.of("infinity", "1970-01-01")));
        assertTrue(e.getMessage().contains("\"clamp\""), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ValuePolicies.fromJson(Map.of("zeroDate", "2024-02-30")));
        assertTrue(e.getMessage().contains("not a real date"), e.getMessage());
        assertThrows(ConfigException.class, () -> ValuePolicies.fromJson(Map.of("decimalOutOfRange", "null")));
    }
}
