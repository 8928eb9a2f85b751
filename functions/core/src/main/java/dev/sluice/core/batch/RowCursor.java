package dev.sluice.core.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks the rows of a batch without allocating per value: after {@link #next()}, each column's tag,
 * number or byte range is available by index. Text and bytes can be read as ranges of {@link #data()}
 * (for writers that stream them) or copied out.
 */
public final class RowCursor {
    private final byte[] data;
    private final int end;
    private final int columns;
    private int pos;
    private final byte[] tags;
    private final long[] longs;
    private final int[] starts;
    private final int[] lens;

    public RowCursor(byte[] data, int off, int len, int columns) {
        this.data = data;
        this.pos = off;
        this.end = off + len;
        this.columns = columns;
        this.tags = new byte[columns];
        this.longs = new long[columns];
        this.starts = new int[columns];
        this.lens = new int[columns];
    }

    public int columns() {
        return columns;
    }

    public byte[] data() {
        return data;
    }

    /** Decodes the next row; false at the end. Throws {@link IllegalStateException} on a corrupt buffer. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        for (int i = 0; i < columns; i++) {
            if (pos >= end) {
                throw new IllegalStateException("row data ends in the middle of a row (column " + (i + 1) + ")");
            }
            byte t = data[pos++];
            tags[i] = t;
            switch (t) {
                case Tag.NULL:
                case Tag.TRUE:
                case Tag.FALSE:
                case Tag.UNCHANGED:
                    break;
                case Tag.LONG: {
                    long z = readVarLong();
                    longs[i] = (z >>> 1) ^ -(z & 1);
                    break;
                }
                case Tag.DOUBLE: {
                    if (end - pos < 8) {
                        throw new IllegalStateException("row data ends inside a double value (column " + (i + 1) + ")");
                    }
                    long bits = 0;
                    for (int k = 0; k < 8; k++) {
                        bits = (bits << 8) | (data[pos++] & 0xffL);
                    }
                    longs[i] = bits;
                    break;
                }
                case Tag.TEXT:
                case Tag.BYTES:
                case Tag.DECIMAL: {
                    long len = readVarLong();
                    if (len < 0 || len > end - pos) {
                        throw new IllegalStateException("value length " + len + " runs past the end of the batch");
                    }
                    int n = (int) len;
                    if (n < 0 || pos + n > end) {
                        throw new IllegalStateException("value length " + n + " runs past the end of the batch");
                    }
                    starts[i] = pos;
                    lens[i] = n;
                    pos += n;
                    break;
                }
                default:
                    throw new IllegalStateException("unknown value tag " + t + " in column " + (i + 1));
            }
        }
        return true;
    }

    public byte tag(int i) {
        return tags[i];
    }

    public boolean isNull(int i) {
        return tags[i] == Tag.NULL;
    }

    public long getLong(int i) {
        return longs[i];
    }

    public double getDouble(int i) {
        return Double.longBitsToDouble(longs[i]);
    }

    public boolean getBool(int i) {
        return tags[i] == Tag.TRUE;
    }

    public int start(int i) {
        return starts[i];
    }

    public int length(int i) {
        return lens[i];
    }

    public String getString(int i) {
        return new String(data, starts[i], lens[i], StandardCharsets.UTF_8);
    }

    public byte[] getBytes(int i) {
        return Arrays.copyOfRange(data, starts[i], starts[i] + lens[i]);
    }

    /** The value as a Java object (Long, Double, Boolean, String, byte[] or BigDecimal); for tests and slow paths. */
    public Object getObject(int i) {
        switch (tags[i]) {
            case Tag.NULL: return null;
            case Tag.LONG: return longs[i];
            case Tag.DOUBLE: return getDouble(i);
            case Tag.TRUE: return Boolean.TRUE;
            case Tag.FALSE: return Boolean.FALSE;
            case Tag.TEXT: return getString(i);
            case Tag.BYTES: return getBytes(i);
            case Tag.DECIMAL: return new java.math.BigDecimal(getString(i));
            case Tag.UNCHANGED: return Unchanged.VALUE;
            default: throw new IllegalStateException("tag " + tags[i]);
        }
    }

    /** The object {@link #getObject} returns for a column the source did not send. */
    public enum Unchanged { VALUE }

    private long readVarLong() {
        long v = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new IllegalStateException("truncated number in row data");
            }
            byte b = data[pos++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalStateException("malformed number in row data");
            }
        }
    }
}
