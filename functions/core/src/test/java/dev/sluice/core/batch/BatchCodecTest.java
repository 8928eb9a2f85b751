package dev.sluice.core.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchCodecTest {

    static final List<List<Object>> ROWS = List.of(
            Arrays.asList(1L, "Ada", new BigDecimal("18446744073709551615"), null, new byte[] {1, 2, 3}, true),
            Arrays.asList(2L, "\u5f20\u4f1f \uD83D\uDE00", new BigDecimal("0.10"), -0.0d, new byte[0], false),
            Arrays.asList(Long.MIN_VALUE, "", new BigDecimal("-1"), Double.NaN, null, null));

    static Batch batch(String stream, String table, Action action, String first, String last, long seq,
                       List<List<Object>> rows) {
        RowEncoder e = new RowEncoder(16);
        for (List<Object> row : rows) {
            row.forEach(v -> RowEncoderCursorTest.put(e, v));
            e.endRow();
        }
        return Batch.of(stream, table, action, first, last, seq, 6, e);
    }

    static Batch sample() {
        return batch("s1", "customers", Action.INSERT, "1", "3", 0, ROWS);
    }

    static List<List<Object>> rowsOf(Batch b) {
        RowCursor c = b.cursor();
        List<List<Object>> out = new ArrayList<>();
        while (c.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < c.columns(); i++) {
                row.add(c.getObject(i));
            }
            out.add(row);
        }
        return out;
    }

    static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r).size(), actual.get(r).size());
            for (int c = 0; c < expected.get(r).size(); c++) {
                RowEncoderCursorTest.assertSameValue(expected.get(r).get(c), actual.get(r).get(c));
            }
        }
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("s1", "customers", Action.INSERT, "1", "500", 0L),
                Arguments.of("stream-\u00e9", "\u5ba2\u6237 \"orders\"", Action.UPDATE, "a|b:c", "z|9:9", 42L),
                Arguments.of("s", "t", Action.DELETE, "", "", Long.MAX_VALUE),
                Arguments.of("s", "weird\u0000name", Action.INSERT, "(1,'x')", "(9,'y')", -1L));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void decodeGivesBackTheKeyTheHeaderAndTheRows(String stream, String table, Action action, String first,
                                                   String last, long seq) {
        Batch b = batch(stream, table, action, first, last, seq, ROWS);
        Batch d = BatchCodec.decode(BatchCodec.encode(b));
        assertEquals(stream, d.streamId());
        assertEquals(b.key(), d.key());
        assertEquals(table, d.tableId());
        assertEquals(action, d.action());
        assertEquals(3, d.rowCount());
        assertEquals(seq, d.sequence());
        assertEquals(6, d.columns());
        assertArrayEquals(Arrays.copyOfRange(b.data(), b.offset(), b.offset() + b.length()),
                Arrays.copyOfRange(d.data(), d.offset(), d.offset() + d.length()));
        assertSameRows(ROWS, rowsOf(d));
    }

    @Test
    void anEmptyBatchRoundTrips() {
        Batch b = batch("s", "t", Action.INSERT, "0", "0", 0, List.of());
        Batch d = BatchCodec.decode(BatchCodec.encode(b));
        assertEquals(b.key(), d.key());
        assertEquals(0, d.length());
        assertEquals(List.of(), rowsOf(d));
    }

    @Test
    void aBatchThatIsASliceOfABiggerBufferEncodesOnlyItsSlice() {
        Batch whole = sample();
        byte[] padded = new byte[whole.length() + 10];
        Arrays.fill(padded, (byte) 0x55);
        System.arraycopy(whole.data(), 0, padded, 5, whole.length());
        Batch slice = new Batch("s1", whole.key(), 0, 6, padded, 5, whole.length());
        assertArrayEquals(BatchCodec.encode(whole), BatchCodec.encode(slice));
    }

    @Test
    void encodingIsDeterministic() {
        assertArrayEquals(BatchCodec.encode(sample()), BatchCodec.encode(sample()));
        assertEquals(sample().key(), sample().key());
    }

    @Test
    void everySingleFlippedByteInTheRowDataIsDetected() {
        Batch b = sample();
        byte[] msg = BatchCodec.encode(b);
        int dataStart = msg.length - b.length();
        for (int i = dataStart; i < msg.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = msg.clone();
                bad[i] ^= (byte) mask;
                BatchCodec.MalformedBatchException e = assertThrows(BatchCodec.MalformedBatchException.class,
                        () -> BatchCodec.decode(bad), "byte " + i + " mask " + mask);
                assertEquals("data hash mismatch for table customers: corrupted batch", e.getMessage());
            }
        }
    }

    @Test
    void aChangedDataHashInTheHeaderIsDetected() {
        Batch b = sample();
        byte[] msg = BatchCodec.encode(b);
        byte[] hash = b.key().dataHash().getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(msg, hash);
        msg[at] = (byte) (msg[at] == 'a' ? 'b' : 'a');
        assertThrows(BatchCodec.MalformedBatchException.class, () -> BatchCodec.decode(msg));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SLB", "SLB2xxxxxxxx", "{\"type\":\"STRUCTURE\"}", "\u0000\u0000\u0000\u0000"})
    void aMessageThatIsNotABatchIsRejectedAsBadMagic(String text) {
        BatchCodec.MalformedBatchException e = assertThrows(BatchCodec.MalformedBatchException.class,
                () -> BatchCodec.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals("not a Sluice batch (bad magic)", e.getMessage());
    }

    @Test
    void everyTruncationOfAMessageIsRejectedAsMalformed() {
        byte[] msg = BatchCodec.encode(sample());
        for (int len = 0; len < msg.length; len++) {
            byte[] cut = Arrays.copyOf(msg, len);
            BatchCodec.MalformedBatchException e = assertThrows(BatchCodec.MalformedBatchException.class,
                    () -> BatchCodec.decode(cut), "length " + len);
            assertTrue(e.getMessage().matches("not a Sluice batch \\(bad magic\\)|truncated batch header"
                    + "|bad string length -?\\d+ in batch header|row data is \\d+ bytes, header says \\d+"),
                    e::getMessage);
        }
    }

    @Test
    void aTruncatedHeaderSaysSo() {
        byte[] msg = BatchCodec.encode(sample());
        int headerLongs = indexOf(msg, sample().key().dataHash().getBytes(StandardCharsets.US_ASCII)) + 32;
        byte[] cut = Arrays.copyOf(msg, headerLongs + 3);
        assertEquals("truncated batch header",
                assertThrows(BatchCodec.MalformedBatchException.class, () -> BatchCodec.decode(cut)).getMessage());
    }

    @Test
    void trailingBytesAfterTheRowDataAreRejected() {
        Batch b = sample();
        byte[] msg = Arrays.copyOf(BatchCodec.encode(b), BatchCodec.encode(b).length + 2);
        assertEquals("row data is " + (b.length() + 2) + " bytes, header says " + b.length(),
                assertThrows(BatchCodec.MalformedBatchException.class, () -> BatchCodec.decode(msg)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, 127, -1, -128})
    void anUnknownActionCodeIsRejectedByValue(int code) {
        byte[] msg = BatchCodec.encode(sample());
        int at = 4 + 4 + "s1".length() + 4 + "customers".length();
        assertEquals(Action.INSERT.code(), msg[at]);
        msg[at] = (byte) code;
        assertEquals("unknown action code " + code,
                assertThrows(BatchCodec.MalformedBatchException.class, () -> BatchCodec.decode(msg)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 1_000_000})
    void anImpossibleStringLengthIsRejected(int n) {
        byte[] msg = BatchCodec.encode(sample());
        ByteBuffer.wrap(msg).putInt(4, n);
        assertEquals("bad string length " + n + " in batch header",
                assertThrows(BatchCodec.MalformedBatchException.class, () -> BatchCodec.decode(msg)).getMessage());
    }

    @Test
    void malformedBatchesAreIllegalArgumentExceptions() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(BatchCodec.MalformedBatchException.class));
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void actionCodesRoundTrip(Action a) {
        assertEquals(a, Action.of(a.code()));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
