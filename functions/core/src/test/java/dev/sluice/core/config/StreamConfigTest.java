package dev.sluice.core.config;

import dev.sluice.core.model.Engine;
import dev.sluice.core.util.Json;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamConfigTest {
    private static final String SRC = "mysql://app:S3cret-src@mysql.local:3306/shop";
    private static final String DST = "postgresql://pg:S3cret-dst@pg.local:5432/shop?currentSchema=sales";

    /** A config with both connections and the given extra fields (JSON members, without braces). */
    private static String config(String extra) {
        return "{\"source\":\"" + SRC + "\",\"target\":\"" + DST + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static ConfigException rejected(String json) {
        return assertThrows(ConfigException.class, () -> StreamConfig.fromJson(json));
    }

    private static void assertMentions(ConfigException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void onlyTheConnectionsAreRequiredAndEverythingElseHasADefault() {
        StreamConfig c = StreamConfig.fromJson(config(""));
        assertTrue(c.id().matches("[A-Za-z0-9_-]{1,64}"), c.id());
        assertEquals(ConnectionUrl.parse(SRC), c.source());
        assertEquals(ConnectionUrl.parse(DST), c.target());
        assertEquals(Mode.CONVERT, c.mode());
        assertEquals(List.of(), c.tables());
        assertEquals(StreamConfig.DEFAULT_BUNDLE, c.dataBundleSize());
        assertEquals(2_000, c.dataBundleSize());
        assertEquals(StreamConfig.Limits.NONE, c.limits());
        assertTrue(c.createStructure());
        assertEquals(Duration.ofSeconds(3), c.reportingInterval());
        assertEquals(4, c.writerConcurrency());
        assertEquals(2, c.readerConcurrency());
        assertEquals(ExistingTables.FAIL, c.existingTables());
        assertFalse(c.upsert());
        assertEquals(5, c.maxDeliveries());
        assertEquals(Duration.ofSeconds(60), c.stuckAfter());
        assertTrue(c.verify());
    }

    @Test
    void defaultsFromJsonMatchTheProgrammaticDefaults() {
        StreamConfig json = StreamConfig.fromJson(config("\"id\":\"same\""));
        StreamConfig code = StreamConfig.of(ConnectionUrl.parse(SRC), ConnectionUrl.parse(DST), List.of());
        assertEquals(new StreamConfig("same", code.source(), code.target(), code.mode(), code.tables(),
                code.dataBundleSize(), code.limits(), code.createStructure(), code.reportingInterval(),
                code.writerConcurrency(), code.readerConcurrency(), code.existingTables(), code.upsert(),
                code.maxDeliveries(), code.stuckAfter(), code.verify()), json);
    }

    @Test
    void everyFieldIsRead() {
        StreamConfig c = StreamConfig.fromJson("{"
                + "\"id\":\"nightly-copy_1\","
                + "\"source\":{\"url\":\"" + SRC + "\"},"
                + "\"target\":\"" + DST + "\","
                + "\"mode\":\"convert\","
                + "\"tables\":[\"customers\",{\"name\":\"orders\",\"query\":\"SELECT * FROM orders WHERE id > 10\"}],"
                + "\"dataBundleSize\":1000,"
                + "\"limits\":{\"numberOfEvents\":50000,\"elapsedTime\":\"5m\"},"
                + "\"createStructure\":false,"
                + "\"reportingInterval\":\"90s\","
                + "\"writerConcurrency\":8,"
                + "\"readerConcurrency\":3,"
                + "\"existingTables\":\"truncate\","
                + "\"upsert\":true,"
                + "\"maxDeliveries\":9,"
                + "\"stuckAfter\":120,"
                + "\"verify\":false}");
        assertEquals("nightly-copy_1", c.id());
        assertEquals(Engine.MYSQL, c.source().engine());
        assertEquals("S3cret-src", c.source().password());
        assertEquals("sales", c.target().schema());
        assertEquals(Mode.CONVERT, c.mode());
        assertEquals(List.of(new TableSpec("customers", null),
                new TableSpec("orders", "SELECT * FROM orders WHERE id > 10")), c.tables());
        assertEquals(1000, c.dataBundleSize());
        assertEquals(new StreamConfig.Limits(50000, Duration.ofMinutes(5)), c.limits());
        assertFalse(c.createStructure());
        assertEquals(Duration.ofSeconds(90), c.reportingInterval());
        assertEquals(8, c.writerConcurrency());
        assertEquals(3, c.readerConcurrency());
        assertEquals(ExistingTables.TRUNCATE, c.existingTables());
        assertTrue(c.upsert());
        assertEquals(9, c.maxDeliveries());
        assertEquals(Duration.ofMinutes(2), c.stuckAfter());
        assertFalse(c.verify());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11, 500, 9999, 10000})
    void dataBundleSizeWithinTenToTenThousandIsAccepted(int n) {
        assertEquals(n, StreamConfig.fromJson(config("\"dataBundleSize\":" + n)).dataBundleSize());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 5, 9, 10001, 20000})
    void dataBundleSizeOutsideTenToTenThousandIsRejected(int n) {
        assertMentions(rejected(config("\"dataBundleSize\":" + n)), "dataBundleSize " + n, "10..10000");
    }

    @ParameterizedTest
    @CsvSource({"writerConcurrency, 1, 40, 0, 41", "readerConcurrency, 1, 32, 0, 33"})
    void concurrencyLimitsAreEnforcedByName(String field, int min, int max, int below, int above) {
        assertEquals(min, field.startsWith("writer") ? StreamConfig.fromJson(config("\"" + field + "\":" + min))
                .writerConcurrency() : StreamConfig.fromJson(config("\"" + field + "\":" + min)).readerConcurrency());
        assertEquals(max, field.startsWith("writer") ? StreamConfig.fromJson(config("\"" + field + "\":" + max))
                .writerConcurrency() : StreamConfig.fromJson(config("\"" + field + "\":" + max)).readerConcurrency());
        assertMentions(rejected(config("\"" + field + "\":" + below)), field + " " + below, min + ".." + max);
        assertMentions(rejected(config("\"" + field + "\":" + above)), field + " " + above, min + ".." + max);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"dataBundleSize\":\"big\" | dataBundleSize must be a number",
            "\"dataBundleSize\":10.5 | dataBundleSize must be a whole number",
            "\"writerConcurrency\":true | writerConcurrency must be a number",
            "\"maxDeliveries\":0 | maxDeliveries must be at least 1",
            "\"createStructure\":\"yes\" | createStructure must be true or false",
            "\"upsert\":1 | upsert must be true or false",
            "\"verify\":\"false\" | verify must be true or false",
            "\"id\":\"has space\" | id 'has space' must be 1-64 letters, digits, '-' or '_'",
            "\"id\":\"\" | id '' must be 1-64",
            "\"id\":7 | id must be a string",
            "\"mode\":3 | mode must be a string",
            "\"mode\":\"bulk\" | mode 'bulk' is not one of convert, cdc, convert_cdc",
            "\"existingTables\":\"replace\" | existingTables 'replace' is not one of fail, drop, truncate",
            "\"reportingInterval\":0 | reportingInterval must be positive",
            "\"reportingInterval\":\"0s\" | reportingInterval must be positive",
            "\"reportingInterval\":-2 | reportingInterval must be positive",
            "\"reportingInterval\":\"1.5s\" | reportingInterval must be seconds or text like \"90s\", \"5m\", \"2h\"",
            "\"stuckAfter\":\"5 minutes\" | stuckAfter must be seconds or text like",
            "\"stuckAfter\":true | stuckAfter must be seconds or text like",
            "\"limits\":{\"numberOfEvents\":-1} | limits.numberOfEvents must be 0 (no limit) or positive",
            "\"limits\":{\"numberOfEvents\":\"many\"} | limits.numberOfEvents must be a number",
            "\"limits\":{\"elapsedTime\":-3} | limits.elapsedTime must be 0 (no limit) or positive",
            "\"limits\":{\"elapsedTime\":\"soon\"} | limits.elapsedTime must be seconds or text like",
            "\"limits\":5 | limits must be an object {numberOfEvents, elapsedTime}",
            "\"tables\":\"customers\" | tables must be a list",
            "\"tables\":[5] | each tables entry must be a name or {\"name\":..., \"query\":...}",
            "\"tables\":[{\"query\":\"select 1\"}] | tables[].name must be a string",
            "\"tables\":[\"\"] | a table entry has no name",
            "\"tables\":[{\"name\":\"  \"}] | a table entry has no name"})
    void invalidValuesAreRejectedNamingTheField(String field, String message) {
        assertMentions(rejected(config(field)), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"target\":\"postgresql://h/db\"} | source connection is missing",
            "{\"source\":\"mysql://h/db\"} | target connection is missing",
            "{\"source\":5,\"target\":\"postgresql://h/db\"} | source must be a URL string or {\"url\": \"...\"}",
            "{\"source\":\"mysql://h/db\",\"target\":{\"uri\":\"postgresql://h/db\"}} | target must be a URL string",
            "{\"source\":\"mysql://h:port/db\",\"target\":\"postgresql://h/db\"} | port 'port' is not a number",
            "{\"source\":\"mysql://h/db\",\"target\":\"oracle://h/db\"} | unknown database type 'oracle'"})
    void connectionProblemsAreReported(String json, String message) {
        assertMentions(rejected(json), message);
    }

    @Test
    void anUnknownFieldIsRejectedByNameWithTheKnownFieldsListed() {
        ConfigException e = rejected(config("\"dataBundelSize\":100"));
        assertMentions(e, "unknown field 'dataBundelSize'", "dataBundleSize", "writerConcurrency", "stuckAfter");
    }

    @Test
    void invalidJsonIsReportedWithItsPosition() {
        assertMentions(rejected("{\"source\": \"mysql://h/db\",\n \"target\" \"x\"}"), "stream config is not valid JSON",
                "expected ':' at line 2, column 11");
        assertMentions(rejected("[]"), "stream config is not valid JSON", "expected a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdc", "convert_cdc", "convert-cdc", "convert then cdc", "CDC"})
    void modesOtherThanConvertAreRejectedAsNotAvailable(String mode) {
        ConfigException e = rejected(config("\"mode\":\"" + mode + "\""));
        assertTrue(e.getMessage().startsWith("mode "), e::getMessage);
        assertMentions(e, "is not available in this version: use convert");
    }

    @ParameterizedTest
    @ValueSource(strings = {"convert", "CONVERT", "Convert"})
    void convertModeIsAcceptedInAnyCase(String mode) {
        assertEquals(Mode.CONVERT, StreamConfig.fromJson(config("\"mode\":\"" + mode + "\"")).mode());
    }

    @ParameterizedTest
    @CsvSource({"fail, FAIL", "DROP, DROP", "Truncate, TRUNCATE"})
    void existingTablesPolicyIsCaseInsensitive(String in, ExistingTables expected) {
        assertEquals(expected, StreamConfig.fromJson(config("\"existingTables\":\"" + in + "\"")).existingTables());
    }

    @Test
    void tablesMayBeNamesOrNameAndQueryObjects() {
        StreamConfig c = StreamConfig.fromJson(config("\"tables\":[\"a\",{\"name\":\"b\"},"
                + "{\"name\":\"c\",\"query\":\"SELECT id FROM c\"},{\"name\":\"d\",\"query\":\"   \"},"
                + "{\"name\":\"e\",\"query\":null}]"));
        assertEquals(List.of(new TableSpec("a", null), new TableSpec("b", null), new TableSpec("c", "SELECT id FROM c"),
                new TableSpec("d", null), new TableSpec("e", null)), c.tables());
    }

    @Test
    void tablesListIsImmutable() {
        StreamConfig c = StreamConfig.fromJson(config("\"tables\":[\"a\"]"));
        assertThrows(UnsupportedOperationException.class, () -> c.tables().add(new TableSpec("b", null)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"90s\" | PT1M30S",
            "\"5m\" | PT5M",
            "\"2h\" | PT2H",
            "\"250ms\" | PT0.25S",
            "45 | PT45S",
            "1.5 | PT1.5S",
            "0.001 | PT0.001S"})
    void durationsAreSecondsOrTextWithAUnit(String value, Duration expected) {
        StreamConfig c = StreamConfig.fromJson(config("\"reportingInterval\":" + value + ",\"stuckAfter\":" + value
                + ",\"limits\":{\"elapsedTime\":" + value + "}"));
        assertEquals(expected, c.reportingInterval());
        assertEquals(expected, c.stuckAfter());
        assertEquals(expected, c.limits().elapsedTime());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{} | 0 | PT0S",
            "{\"numberOfEvents\":1000} | 1000 | PT0S",
            "{\"elapsedTime\":\"2h\"} | 0 | PT2H",
            "{\"numberOfEvents\":9007199254740993,\"elapsedTime\":60} | 9007199254740993 | PT1M"})
    void limitsDefaultToNoLimit(String limits, long events, Duration elapsed) {
        StreamConfig.Limits l = StreamConfig.fromJson(config("\"limits\":" + limits)).limits();
        assertEquals(events, l.numberOfEvents());
        assertEquals(elapsed, l.elapsedTime());
    }

    @Test
    void redactedJsonHasNoPasswordsButEverySetting() {
        StreamConfig c = StreamConfig.fromJson(config("\"id\":\"r1\",\"tables\":[\"a\",{\"name\":\"b\",\"query\":\"q\"}],"
                + "\"limits\":{\"numberOfEvents\":7,\"elapsedTime\":\"5m\"},\"upsert\":true"));
        String json = c.toRedactedJson();
        assertFalse(json.contains("S3cret-src"), json);
        assertFalse(json.contains("S3cret-dst"), json);
        Map<String, Object> m = Json.parseObject(json);
        assertEquals("r1", m.get("id"));
        assertEquals("mysql://app:***@mysql.local:3306/shop", m.get("source"));
        assertEquals("postgresql://pg:***@pg.local:5432/shop", m.get("target"));
        assertEquals("convert", m.get("mode"));
        assertEquals(List.of("a", Map.of("name", "b", "query", "q")), m.get("tables"));
        assertEquals(new BigDecimal(StreamConfig.DEFAULT_BUNDLE), m.get("dataBundleSize"));
        assertEquals(Map.of("numberOfEvents", new BigDecimal(7), "elapsedTime", new BigDecimal(300)), m.get("limits"));
        assertEquals(Boolean.TRUE, m.get("upsert"));
        assertEquals("fail", m.get("existingTables"));
        assertEquals(new BigDecimal(60), m.get("stuckAfter"));
        assertEquals(java.util.Set.of("id", "source", "target", "mode", "tables", "dataBundleSize", "limits",
                "createStructure", "reportingInterval", "writerConcurrency", "readerConcurrency", "existingTables",
                "upsert", "maxDeliveries", "stuckAfter", "verify"), m.keySet());
    }

    @Test
    void streamsWithoutAnIdGetDistinctValidIds() {
        String a = StreamConfig.fromJson(config("")).id();
        String b = StreamConfig.fromJson(config("")).id();
        assertTrue(a.matches("[A-Za-z0-9_-]{1,64}"), a);
        assertTrue(b.matches("[A-Za-z0-9_-]{1,64}"), b);
        assertNotEquals(a, b);
    }

    @Test
    void aNonStringTableQueryIsRejectedNamingTheField() {
        assertMentions(rejected(config("\"tables\":[{\"name\":\"t\",\"query\":5}]")), "query");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"tables\":[{\"name\":\"t\",\"qurey\":\"SELECT 1\"}]",
            "\"limits\":{\"numberOfEvent\":100}", "\"limits\":{\"elapsed\":\"5m\"}"})
    void aTypoInsideANestedObjectIsRejectedByName(String field) {
        ConfigException e = rejected(config(field));
        assertTrue(e.getMessage().contains("qurey") || e.getMessage().contains("numberOfEvent")
                || e.getMessage().contains("elapsed"), e::getMessage);
    }

    @ParameterizedTest
    @CsvSource({"dataBundleSize, 4294967306", "writerConcurrency, 4294967297", "maxDeliveries, 4294967301"})
    void hugeNumbersAreRejectedNotWrapped(String field, String value) {
        assertMentions(rejected(config("\"" + field + "\":" + value)), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "\"0s\""})
    void stuckAfterMustBePositive(String value) {
        assertMentions(rejected(config("\"stuckAfter\":" + value)), "stuckAfter");
    }
}
