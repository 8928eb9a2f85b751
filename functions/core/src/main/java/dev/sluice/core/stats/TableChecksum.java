package dev.sluice.core.stats;

import dev.sluice.core.batch.Murmur3;

/**
 * An order-independent content checksum of a table: the sum (mod 2^64) of a 64-bit hash of each row's
 * canonical form, plus the row count. Sums keep duplicate rows (XOR would cancel them), so tables without a
 * primary key are checked too. Both sides are canonicalised by the source column kinds, so equal values
 * give equal hashes across engines.
 */
public final class TableChecksum {
    private long rows;
    private long leftOut;
    private long sum;
    private byte[] buf = new byte[256];
    private int len;

    /** Starts a row. */
    public void beginRow() {
        len = 0;
    }

    /** Adds one canonical value (null allowed) to the current row. */
    public void value(String canonical) {
        if (canonical == null) {
            put((byte) 0);
            return;
        }
        put((byte) 1);
        byte[] b = canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        putInt(b.length);
        putBytes(b, b.length);
    }

    /** Adds one binary value (null allowed) to the current row. */
    public void bytes(byte[] v) {
        if (v == null) {
            put((byte) 0);
            return;
        }
        put((byte) 2);
        putInt(v.length);
        putBytes(v, v.length);
    }

    public void endRow() {
        rows++;
        sum += Murmur3.hash64(buf, 0, len);
    }

    /** Ends the current row without counting it: a row the copy left out on purpose (a refused value). */
    public void leaveOutRow() {
        leftOut++;
    }

    public long rows() {
        return rows;
    }

    /** Rows read but left out of the count and sum ({@link #leaveOutRow()}). */
    public long leftOut() {
        return leftOut;
    }

    public long sum() {
        return sum;
    }

    public String hex() {
        return String.format("%016x", sum);
    }

    /** Combines the checksum of a disjoint part of the table (parallel verification). */
    public void merge(TableChecksum other) {
        rows += other.rows;
        leftOut += other.leftOut;
        sum += other.sum;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void putInt(int n) {
        ensure(4);
        buf[len++] = (byte) (n >>> 24);
        buf[len++] = (byte) (n >>> 16);
        buf[len++] = (byte) (n >>> 8);
        buf[len++] = (byte) n;
    }

    private void putBytes(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
