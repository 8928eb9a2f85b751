package dev.sluice.core.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchKeyTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    static BatchKey key(String table, String first, String last) {
        return new BatchKey(table, Action.INSERT, first, last, 10, HASH);
    }

    /** Pairs that a plain "a|b|c" join would print the same. */
    static Stream<Arguments> lookalikes() {
        return Stream.of(
                Arguments.of(key("t", "1|2", "3"), key("t", "1", "2|3")),
                Arguments.of(key("a|INSERT", "1", "2"), key("a", "INSERT|1", "2")),
                Arguments.of(key("a:1", "x", "y"), key("a", "1:x", "y")),
                Arguments.of(key("t", "1:1|x", "y"), key("t", "1", "x|1:y")),
                Arguments.of(key("t", "", "1|2"), key("t", "1|", "2")),
                Arguments.of(key("t", "5", "6"), key("t", "5", "6 ")),
                Arguments.of(key("t", "1", "2"), new BatchKey("t", Action.DELETE, "1", "2", 10, HASH)),
                Arguments.of(key("t", "1", "2"), new BatchKey("t", Action.INSERT, "1", "2", 11, HASH)),
                Arguments.of(key("t", "1", "2"), new BatchKey("t", Action.INSERT, "1", "2", 10, HASH.replace('f', 'e'))),
                Arguments.of(new BatchKey("t", Action.INSERT, "1", "2", 1, "0|x"),
                        new BatchKey("t", Action.INSERT, "1", "2|1", 0, "x")));
    }

    @ParameterizedTest
    @MethodSource("lookalikes")
    void differentKeysNeverPrintOrDigestTheSame(BatchKey a, BatchKey b) {
        assertNotEquals(a, b);
        assertNotEquals(a.asString(), b.asString());
        assertNotEquals(a.digest(), b.digest());
    }

    @Test
    void equalKeysPrintAndDigestTheSame() {
        BatchKey a = key("orders", "100", "599");
        BatchKey b = key("orders", "100", "599");
        assertEquals(a.asString(), b.asString());
        assertEquals(a.digest(), b.digest());
    }

    @Test
    void digestIs32LowercaseHexCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String d = key("t" + (i % 7), String.valueOf(i), String.valueOf(i + 499)).digest();
            assertTrue(d.matches("[0-9a-f]{32}"), d);
            seen.add(d);
        }
        assertEquals(2000, seen.size());
    }

    /**
     * Digests are stored in dedup tables and fence rows; a change in format would make a restarted stream
     * re-apply batches it already applied. These values pin the format.
     */
    @Test
    void digestIsStableAcrossVersions() {
        BatchKey k = new BatchKey("customers", Action.INSERT, "1", "500", 500, HASH);
        assertEquals("9:customers|INSERT|1:1|3:500|500|" + HASH, k.asString());
        assertEquals(Murmur3.hash128Hex(k.asString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), k.digest());
        assertEquals(DIGEST, k.digest());
    }

    static final String DIGEST = "cd40d164b1c02e23a28f42dbad426c3f";

    @Test
    void unicodeIdsAreLengthPrefixedByCharacters() {
        BatchKey k = new BatchKey("\u5ba2\u6237", Action.UPDATE, "\u00e9", "\uD83D\uDE00", 1, HASH);
        assertEquals("2:\u5ba2\u6237|UPDATE|1:\u00e9|2:\uD83D\uDE00|1|" + HASH, k.asString());
    }

    @Test
    void missingFieldsAreRejected() {
        assertThrows(NullPointerException.class, () -> new BatchKey(null, Action.INSERT, "1", "2", 1, HASH));
        assertThrows(NullPointerException.class, () -> new BatchKey("t", null, "1", "2", 1, HASH));
        assertThrows(NullPointerException.class, () -> new BatchKey("t", Action.INSERT, null, "2", 1, HASH));
        assertThrows(NullPointerException.class, () -> new BatchKey("t", Action.INSERT, "1", null, 1, HASH));
        assertThrows(NullPointerException.class, () -> new BatchKey("t", Action.INSERT, "1", "2", 1, null));
    }

    @Test
    void batchOfComputesTheDataHashOfItsRows() {
        RowEncoder e = new RowEncoder(8);
        e.putLong(1);
        e.putText("a");
        e.endRow();
        Batch b = Batch.of("s", "t", Action.INSERT, "1", "1", 0, 2, e);
        assertEquals(Murmur3.hash128Hex(e.toByteArray()), b.key().dataHash());
        assertEquals(1, b.rowCount());
        assertEquals(List.of("t", Action.INSERT), List.of(b.tableId(), b.action()));
    }

    @Test
    void aBatchRangeOutsideItsBufferIsRejected() {
        BatchKey k = key("t", "1", "2");
        assertThrows(IllegalArgumentException.class, () -> new Batch("s", k, 0, 1, new byte[4], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Batch("s", k, 0, 1, new byte[4], -1, 1));
    }
}
