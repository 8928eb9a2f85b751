package dev.sluice.core.batch;

/** One byte before each encoded value says what follows. */
public final class Tag {
    public static final byte NULL = 0;
    /** zig-zag varint. */
    public static final byte LONG = 1;
    /** 8 bytes, IEEE 754 bits, big-endian. */
    public static final byte DOUBLE = 2;
    /** varint length + UTF-8. */
    public static final byte TEXT = 3;
    /** varint length + raw bytes. */
    public static final byte BYTES = 4;
    public static final byte TRUE = 5;
    public static final byte FALSE = 6;
    /** varint length + plain decimal text (BigDecimal#toPlainString). */
    public static final byte DECIMAL = 7;
    /**
     * No value: the source did not send this column (PostgreSQL's unchanged TOAST value in an UPDATE). A
     * writer leaves the target column as it is and never writes a placeholder as data.
     */
    public static final byte UNCHANGED = 8;

    private Tag() {
    }
}
