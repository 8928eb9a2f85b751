package dev.sluice.core.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends rows of tagged values to a growable buffer: the compact row format of a batch. One encoder is
 * reused for many batches ({@link #reset()}); values are never boxed.
 */
public final class RowEncoder {
    private byte[] buf;
    private int len;
    private int rows;

    public RowEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public void reset() {
        len = 0;
        rows = 0;
        lastRowOffset = 0;
        previousRowOffset = 0;
    }

    public void endRow() {
        rows++;
    }

    /** Bytes of the last completed row. */
    public int lastRowSize() {
        return len - lastRowOffset;
    }

    private int lastRowOffset;
    private int previousRowOffset;

    /** Where the last completed row starts in {@link #buffer()}. */
    public int lastRowOffset() {
        return lastRowOffset;
    }

    /** Marks where the next row starts (call before encoding a row). */
    public void beginRow() {
        previousRowOffset = lastRowOffset;
        lastRowOffset = len;
    }

    /**
     * Removes the last completed row and returns its bytes, so a batch that grew past its byte budget can be
     * cut before that row and the row carried into the next batch.
     */
    public byte[] popLastRow() {
        if (rows == 0) {
            throw new IllegalStateException("no row to remove");
        }
        byte[] row = Arrays.copyOfRange(buf, lastRowOffset, len);
        len = lastRowOffset;
        lastRowOffset = rows > 1 ? previousRowOffset : 0; // the row before is the last again (one level)
        rows--;
        return row;
    }

    /** Appends a complete encoded row (from {@link #popLastRow()}). */
    public void appendRow(byte[] row) {
        ensure(row.length);
        previousRowOffset = lastRowOffset;
        lastRowOffset = len;
        System.arraycopy(row, 0, buf, len, row.length);
        len += row.length;
        rows++;
    }

    public int rowCount() {
        return rows;
    }

    public int size() {
        return len;
    }

    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void putNull() {
        ensure(1);
        buf[len++] = Tag.NULL;
    }

    /** The source did not send this column's value (see {@link Tag#UNCHANGED}). */
    public void putUnchanged() {
        ensure(1);
        buf[len++] = Tag.UNCHANGED;
    }

    public void putBool(boolean v) {
        ensure(1);
        buf[len++] = v ? Tag.TRUE : Tag.FALSE;
    }

    public void putLong(long v) {
        ensure(11);
        buf[len++] = Tag.LONG;
        writeVarLong((v << 1) ^ (v >> 63));
    }

    public void putDouble(double v) {
        ensure(9);
        buf[len++] = Tag.DOUBLE;
        long bits = Double.doubleToRawLongBits(v);
        for (int s = 56; s >= 0; s -= 8) {
            buf[len++] = (byte) (bits >>> s);
        }
    }

    public void putText(String s) {
        putUtf8(Tag.TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A text value already in UTF-8 (as the database sent it), without a round trip through a Java string. */
    public void putTextUtf8(byte[] utf8) {
        putUtf8(Tag.TEXT, utf8);
    }

    public void putDecimal(String plain) {
        putUtf8(Tag.DECIMAL, plain.getBytes(StandardCharsets.US_ASCII));
    }

    public void putBytes(byte[] b) {
        putUtf8(Tag.BYTES, b);
    }

    private void putUtf8(byte tag, byte[] b) {
        ensure(6 + b.length);
        buf[len++] = tag;
        writeVarLong(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void writeVarLong(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
