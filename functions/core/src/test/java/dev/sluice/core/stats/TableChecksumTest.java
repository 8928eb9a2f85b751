package dev.sluice.core.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableChecksumTest {

    static TableChecksum checksum(List<List<String>> rows) {
        TableChecksum c = new TableChecksum();
        for (List<String> row : rows) {
            c.beginRow();
            row.forEach(c::value);
            c.endRow();
        }
        return c;
    }

    static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    static List<List<String>> table(int n, long seed) {
        Random r = new Random(seed);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(String.valueOf(i), "name " + r.nextInt(50), i % 5 == 0 ? null : "x".repeat(r.nextInt(300)),
                    "\u00e9\uD83D\uDE00" + r.nextLong()));
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void rowOrderDoesNotMatter(long shuffleSeed) {
        List<List<String>> rows = table(500, 11);
        List<List<String>> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        TableChecksum a = checksum(rows);
        TableChecksum b = checksum(shuffled);
        assertEquals(a.sum(), b.sum());
        assertEquals(a.hex(), b.hex());
        assertEquals(500, b.rows());
    }

    @Test
    void aDuplicatedRowIsNotTheSameTableAsASingleRow() {
        TableChecksum once = checksum(List.of(row("1", "a"), row("2", "b")));
        TableChecksum twice = checksum(List.of(row("1", "a"), row("2", "b"), row("2", "b")));
        assertNotEquals(once.sum(), twice.sum());
        assertEquals(3, twice.rows());
    }

    @Test
    void aRowRepeatedAnEvenNumberOfTimesDoesNotCancelOut() {
        TableChecksum empty = checksum(List.of());
        TableChecksum pair = checksum(List.of(row("x"), row("x")));
        TableChecksum four = checksum(List.of(row("x"), row("x"), row("x"), row("x")));
        assertNotEquals(empty.sum(), pair.sum());
        assertNotEquals(pair.sum(), four.sum());
    }

    static Stream<Arguments> differentRows() {
        return Stream.of(
                Arguments.of(row((String) null), row("")),
                Arguments.of(row("ab", "c"), row("a", "bc")),
                Arguments.of(row("a", "b"), row("b", "a")),
                Arguments.of(row("a", null), row(null, "a")),
                Arguments.of(row("a"), row("a", null)),
                Arguments.of(row("", ""), row("")),
                Arguments.of(row("1.5"), row("1.50")),
                Arguments.of(row("abc"), row("abd")),
                Arguments.of(row("null"), row((String) null)));
    }

    @ParameterizedTest
    @MethodSource("differentRows")
    void differentRowsGiveDifferentSums(List<String> a, List<String> b) {
        assertNotEquals(checksum(List.of(a)).sum(), checksum(List.of(b)).sum());
    }

    @Test
    void textAndBytesWithTheSameContentDiffer() {
        TableChecksum text = new TableChecksum();
        text.beginRow();
        text.value("AB");
        text.endRow();
        TableChecksum bytes = new TableChecksum();
        bytes.beginRow();
        bytes.bytes(new byte[] {'A', 'B'});
        bytes.endRow();
        assertNotEquals(text.sum(), bytes.sum());
    }

    @Test
    void nullBytesAndEmptyBytesDiffer() {
        TableChecksum a = new TableChecksum();
        a.beginRow();
        a.bytes(null);
        a.endRow();
        TableChecksum b = new TableChecksum();
        b.beginRow();
        b.bytes(new byte[0]);
        b.endRow();
        assertNotEquals(a.sum(), b.sum());
    }

    @Test
    void largeValuesAreHashedWhole() {
        String big = "y".repeat(100_000);
        assertNotEquals(checksum(List.of(row(big + "a"))).sum(), checksum(List.of(row(big + "b"))).sum());
        assertEquals(checksum(List.of(row(big))).sum(), checksum(List.of(row(big))).sum());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 137, 250, 499, 500})
    void mergingTwoHalvesGivesTheWholeTable(int split) {
        List<List<String>> rows = table(500, 3);
        TableChecksum whole = checksum(rows);
        TableChecksum first = checksum(rows.subList(0, split));
        TableChecksum second = checksum(rows.subList(split, rows.size()));
        first.merge(second);
        assertEquals(whole.sum(), first.sum());
        assertEquals(whole.rows(), first.rows());
        assertEquals(whole.hex(), first.hex());
    }

    @Test
    void reusingAChecksumAcrossRowsDoesNotLeakValuesBetweenRows() {
        TableChecksum reused = checksum(List.of(row("a long first value to grow the buffer ".repeat(20)), row("b")));
        TableChecksum fresh = checksum(List.of(row("b")));
        TableChecksum firstOnly = checksum(List.of(row("a long first value to grow the buffer ".repeat(20))));
        assertEquals(firstOnly.sum() + fresh.sum(), reused.sum());
    }

    @Test
    void hexIsSixteenDigitsOfTheSum() {
        TableChecksum c = checksum(table(10, 5));
        assertTrue(c.hex().matches("[0-9a-f]{16}"), c.hex());
        assertEquals(c.sum(), Long.parseUnsignedLong(c.hex(), 16));
        assertEquals("0000000000000000", new TableChecksum().hex());
        assertEquals(0, new TableChecksum().rows());
    }
}
