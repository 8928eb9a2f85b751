package dev.sluice.core.types;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CanonicalTest {

    @ParameterizedTest
    @CsvSource({
            "1.50, 1.5",
            "1.5, 1.5",
            "1.500000000000000000000000000000, 1.5",
            "0.00, 0",
            "0, 0",
            "-0, 0",
            "-0.000, 0",
            "0E-10, 0",
            "0E+3, 0",
            "100, 100",
            "100.00, 100",
            "1E+3, 1000",
            "-12.3400, -12.34",
            "0.000001, 0.000001",
            "18446744073709551615, 18446744073709551615",
            "18446744073709551615.000, 18446744073709551615",
            "99999999999999999999999999999999999.999999999999999999999999999999, "
                    + "99999999999999999999999999999999999.999999999999999999999999999999"})
    void decimalsThatAreTheSameNumberPrintTheSame(String in, String canonical) {
        assertEquals(canonical, Canonical.decimal(new BigDecimal(in)));
    }

    @Test
    void differentDecimalsStayDifferent() {
        assertNotEquals(Canonical.decimal(new BigDecimal("1.5")), Canonical.decimal(new BigDecimal("1.05")));
        assertNotEquals(Canonical.decimal(new BigDecimal("-1")), Canonical.decimal(new BigDecimal("1")));
        assertNotEquals(Canonical.decimal(new BigDecimal("10")), Canonical.decimal(new BigDecimal("1")));
    }

    @ParameterizedTest
    @CsvSource({
            "2020-01-02 03:04:05.120000, 2020-01-02 03:04:05.12",
            "2020-01-02 03:04:05.000000, 2020-01-02 03:04:05",
            "2020-01-02 03:04:05.000001, 2020-01-02 03:04:05.000001",
            "2020-01-02 03:04:05., 2020-01-02 03:04:05",
            "2020-01-02 03:04:05, 2020-01-02 03:04:05",
            "2020-01-02T03:04:05, 2020-01-02 03:04:05",
            "2020-01-02T03:04:05Z, 2020-01-02 03:04:05",
            "2020-01-02T03:04:05.500Z, 2020-01-02 03:04:05.5",
            "2020-01-02 03:04:05+00, 2020-01-02 03:04:05",
            "2020-01-02 03:04:05.120+00, 2020-01-02 03:04:05.12",
            "2020-01-02 03:04:05.000000+00:00, 2020-01-02 03:04:05",
            "2020-01-02, 2020-01-02",
            "0000-00-00 00:00:00, 0000-00-00 00:00:00",
            "03:04:05.250, 03:04:05.25",
            "838:59:59.000000, 838:59:59",
            "-12:00:00.10, -12:00:00.1",
            "10:00:00.0, 10:00:00"})
    void temporalTextCanonicalForm(String in, String canonical) {
        assertEquals(canonical, Canonical.temporal(in));
    }

    @Test
    void theSameInstantInMySqlAndPostgresFormsCompareEqual() {
        String mysql = "2024-02-29 23:59:59.123000";
        String pg = "2024-02-29 23:59:59.123+00";
        String iso = "2024-02-29T23:59:59.123Z";
        String isoOffset = "2024-02-29T23:59:59.123000+00:00";
        assertEquals(Canonical.temporal(mysql), Canonical.temporal(pg));
        assertEquals(Canonical.temporal(mysql), Canonical.temporal(iso));
        assertEquals(Canonical.temporal(mysql), Canonical.temporal(isoOffset));
    }

    @Test
    void differentInstantsStayDifferent() {
        assertNotEquals(Canonical.temporal("2020-01-02 03:04:05.1"), Canonical.temporal("2020-01-02 03:04:05.01"));
        assertNotEquals(Canonical.temporal("2020-01-02 03:04:05+00"), Canonical.temporal("2020-01-02 03:04:05+02"));
        assertNotEquals(Canonical.temporal("2020-01-02 03:04:50"), Canonical.temporal("2020-01-02 03:04:05"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`ab   ` | ab",
            "`ab` | ab",
            "`  ab` | `  ab`",
            "`a b ` | a b",
            "`   ` | ``",
            "`` | ``",
            "`ab\t` | `ab\t`"})
    void fixedCharIgnoresTrailingBlanksOnly(String in, String canonical) {
        assertEquals(canonical, Canonical.fixedChar(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"b\":1,\"a\":2} | { \"a\" : 2, \"b\" : 1 }",
            "{\"a\":[1,2,{\"d\":1,\"c\":2}],\"b\":null} | {\"b\": null, \"a\": [1, 2, {\"c\": 2, \"d\": 1}]}",
            "{\"n\":1.0} | {\"n\":1}",
            "{\"n\":1.50} | {\"n\":1.5}",
            "{\"n\":1e2} | {\"n\":100}",
            "{\"s\":\"\\u00e9\"} | {\"s\":\"\u00e9\"}",
            "[3,1,2] | [ 3 , 1 , 2 ]",
            "\"text\" | \"text\"",
            "{\"outer\":{\"z\":true,\"y\":false}} | {\"outer\":{\"y\":false,\"z\":true}}"})
    void jsonComparesIndependentOfKeyOrderAndWhitespace(String a, String b) {
        assertEquals(Canonical.json(a), Canonical.json(b));
    }

    @Test
    void jsonCanonicalFormIsSortedAndCompact() {
        assertEquals("{\"a\":[2,{\"x\":1,\"y\":0}],\"b\":\"v\"}",
                Canonical.json("{ \"b\": \"v\",\n  \"a\": [2.0, {\"y\": 0, \"x\": 1}] }"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[1,2,3] | [3,2,1]",
            "{\"a\":1} | {\"a\":\"1\"}",
            "{\"a\":1} | {\"A\":1}",
            "{\"a\":null} | {}",
            "{\"a\":true} | {\"a\":1}"})
    void differentJsonStaysDifferent(String a, String b) {
        assertNotEquals(Canonical.json(a), Canonical.json(b));
    }

    @Test
    void invalidJsonIsComparedAsIs() {
        assertEquals("{not json", Canonical.json("{not json"));
    }

    @Test
    void nullStaysNull() {
        assertNull(Canonical.decimal(null));
        assertNull(Canonical.temporal(null));
        assertNull(Canonical.fixedChar(null));
        assertNull(Canonical.json(null));
    }
}
