package dev.sluice.core.util;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "\"\"", "0", "-1", "true", "false", "null",
            "18446744073709551615", "0.1", "-0.000001", "1.50",
            "123456789012345678901234567890.123456789012345678901234567890",
            "{\"z\":1,\"a\":2,\"m\":[3,2,1]}",
            "{\"a\":[1,2.5,\"x\",null,true,false,{\"b\":{},\"c\":[]}]}",
            "[[[[[]]]]]"
    })
    void compactDocumentsSurviveParseAndWriteUnchanged(String doc) {
        assertEquals(doc, Json.write(Json.parse(doc)));
    }

    @Test
    void whitespaceBetweenTokensIsAcceptedAndDroppedOnWrite() {
        String doc = " \n\t{ \"a\" : 1 ,\r\n \"b\" : [ 1 , 2 ] , \"c\" : { } } \n";
        assertEquals("{\"a\":1,\"b\":[1,2],\"c\":{}}", Json.write(Json.parse(doc)));
    }

    @Test
    void objectsKeepTheirFieldOrder() {
        Map<String, Object> m = Json.parseObject("{\"zeta\":1,\"alpha\":2,\"mid\":3}");
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(m.keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551615", "0.1", "-9223372036854775809", "3.141592653589793238462643383279",
            "0.000000000000000000000000000001", "99999999999999999999999999999999999.999999999999999999999999999999"})
    void numbersAreExactDecimalsNeverDoubles(String number) {
        Object v = Json.parseObject("{\"n\":" + number + "}").get("n");
        BigDecimal d = assertInstanceOf(BigDecimal.class, v);
        assertEquals(new BigDecimal(number), d);
        assertEquals(number, d.toPlainString());
        assertEquals("{\"n\":" + number + "}", Json.write(Map.of("n", d)));
    }

    @ParameterizedTest
    @CsvSource({"1e2, 100", "1.5E+3, 1500", "2.5e-3, 0.0025", "-1E1, -10"})
    void exponentNumbersAreWrittenInPlainNotation(String in, String out) {
        assertEquals(0, new BigDecimal(out).compareTo((BigDecimal) Json.parse(in)));
        assertEquals(out, Json.write(Json.parse(in)));
    }

    @Test
    void javaNumbersAreWrittenAsJsonNumbersAndNonFiniteDoublesAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 42);
        m.put("l", Long.MIN_VALUE);
        m.put("d", 2.5d);
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        assertEquals("{\"i\":42,\"l\":-9223372036854775808,\"d\":2.5,\"nan\":null,\"inf\":null}", Json.write(m));
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("\"\\u00e9\"", "\u00e9"),
                Arguments.of("\"\\u00E9t\\u00E9\"", "\u00e9t\u00e9"),
                Arguments.of("\"\\ud83d\\ude00\"", "\uD83D\uDE00"),
                Arguments.of("\"\\u4e2d\\u6587\"", "\u4e2d\u6587"),
                Arguments.of("\"\\u0000\"", "\u0000"),
                Arguments.of("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t"),
                Arguments.of("\"caf\u00e9 \uD83D\uDE00 \u4e2d\"", "caf\u00e9 \uD83D\uDE00 \u4e2d"));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void escapesAndRawUnicodeDecodeToTheSameCharacters(String json, String expected) {
        assertEquals(expected, Json.parse(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "caf\u00e9", "\uD83D\uDE00\uD83D\uDC4D", "\u4e2d\u6587\u5b57",
            "\u0000\u0001\u001f", "quote\" back\\slash / slash", "line\nbreak\r\ttab\b\f", "\u2028\u2029"})
    void anyStringSurvivesWriteThenParse(String s) {
        String json = Json.write(s);
        assertEquals(s, Json.parse(json));
        assertTrue(json.chars().noneMatch(c -> c < 0x20), "raw control character in " + json);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "unexpected end of input at line 1, column 1"),
                Arguments.of("{\n  \"a\": tru\n}", "expected true at line 2, column 8"),
                Arguments.of("[1, 2,\n 3,, 4]", "unexpected character ',' at line 2, column 4"),
                Arguments.of("{\"a\" 1}", "expected ':' at line 1, column 6"),
                Arguments.of("{\"a\":1 \"b\":2}", "expected ',' or '}' at line 1, column 8"),
                Arguments.of("[1 2]", "expected ',' or ']' at line 1, column 4"),
                Arguments.of("{\"a\":1,}", "expected a quoted field name at line 1, column 8"),
                Arguments.of("{a:1}", "expected a quoted field name at line 1, column 2"),
                Arguments.of("\"abc", "unterminated string at line 1, column 5"),
                Arguments.of("nul", "expected null at line 1, column 1"),
                Arguments.of("-", "bad number at line 1, column 1"),
                Arguments.of("[\n\n  1e]", "bad number at line 3, column 3"),
                Arguments.of("NaN", "unexpected character 'N' at line 1, column 1"),
                Arguments.of("{\"a\":\n[1,\n{\"b\":'x'}]}", "unexpected character ''' at line 3, column 6"),
                Arguments.of("\"\\x\"", "bad escape \\x"),
                Arguments.of("\"\\u12\"", "bad \\u escape"),
                Arguments.of("\"\\uzzzz\"", "bad \\u escape"),
                Arguments.of("\"tab\there\"", "control character in string"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedInputIsRejectedWithWhatAndWhere(String input, String message) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(input));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*at line \\d+, column \\d+.*"), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":1}", "{\"o\":{\"k\":null,\"k\":null}}",
            "[{\"x\":[],\"x\":{}}]"})
    void duplicateFieldNamesAreRejectedByName(String doc) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(doc));
        assertTrue(e.getMessage().startsWith("duplicate field \""), e::getMessage);
    }

    @Test
    void theSameFieldNameInDifferentObjectsIsFine() {
        assertEquals("{\"a\":{\"x\":1},\"b\":{\"x\":2}}", Json.write(Json.parse("{\"a\":{\"x\":1},\"b\":{\"x\":2}}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "[1]]", "1 2", "truex", "nullnull", "{\"a\":1}}", "\"s\" \"t\"", "[] // comment"})
    void trailingTextAfterTheDocumentIsRejected(String doc) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(doc));
        assertTrue(e.getMessage().startsWith("unexpected trailing text at line 1, column "), e::getMessage);
    }

    @Test
    void parseObjectRejectsOtherTopLevelValues() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parseObject("[1,2]"));
        assertEquals("expected a JSON object at the top level", e.getMessage());
    }

    @Test
    void jsonErrorsAreIllegalArgumentExceptionsSoCallersCanReportThem() {
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class, () -> Json.parse("{")));
    }

    @Test
    void nestedListsAndMapsWriteRecursively() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("list", Arrays.asList(1L, null, "two", List.of()));
        inner.put("flag", Boolean.TRUE);
        assertEquals("{\"outer\":{\"list\":[1,null,\"two\",[]],\"flag\":true}}", Json.write(Map.of("outer", inner)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-012", "2.", "1.e5", "\"\\u+041\"", "\"\\u-041\""})
    void nonJsonNumberAndEscapeFormsAreRejected(String doc) {
        assertThrows(Json.JsonException.class, () -> Json.parse(doc));
    }

    @Test
    void writtenOutputIsAlwaysParseable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weird key \"\n", List.of("\u0007", new BigDecimal("-0.5")));
        String json = Json.write(m);
        assertEquals(m, Json.parse(json));
        assertFalse(json.contains("\n"));
    }
}
