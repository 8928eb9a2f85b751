package dev.sluice.core.model;

/**
 * The engine-neutral kind of a column. Cast rules decide a target type from it (and from the native
 * type, width, precision and flags); {@link #wire()} decides how its values travel.
 */
public enum SqlKind {
    BOOLEAN(Wire.BOOL),
    INT8(Wire.LONG), INT16(Wire.LONG), INT24(Wire.LONG), INT32(Wire.LONG), INT64(Wire.LONG),
    /** BIGINT UNSIGNED: travels as decimal text so 2^64-1 stays exact. */
    UINT64(Wire.DECIMAL),
    DECIMAL(Wire.DECIMAL),
    FLOAT32(Wire.DOUBLE), FLOAT64(Wire.DOUBLE),
    CHAR(Wire.TEXT), VARCHAR(Wire.TEXT), TEXT(Wire.TEXT),
    BINARY(Wire.BYTES), VARBINARY(Wire.BYTES), BLOB(Wire.BYTES),
    /** Temporal values travel as ISO-like text; TIMESTAMPTZ as UTC wall-clock text without offset. */
    DATE(Wire.TEXT), TIME(Wire.TEXT), TIMESTAMP(Wire.TEXT), TIMESTAMPTZ(Wire.TEXT),
    YEAR(Wire.LONG),
    ENUM(Wire.TEXT), SET(Wire.TEXT), JSON(Wire.TEXT), UUID(Wire.TEXT),
    /** BIT(n): travels as a string of 0 and 1 characters, most significant bit first. */
    BIT(Wire.TEXT),
    /** Spatial values travel as OGC well-known binary (WKB), or PostGIS EWKB when they have an SRID. */
    GEOMETRY(Wire.BYTES),
    /** PostgreSQL arrays travel as their text literal, e.g. {a,"b c",NULL}. */
    ARRAY(Wire.TEXT),
    /** Anything else travels as the source's text representation and is written as text. */
    OTHER(Wire.TEXT);

    /** How a value of this kind is encoded in a batch. */
    public enum Wire { LONG, DOUBLE, DECIMAL, TEXT, BYTES, BOOL }

    private final Wire wire;

    SqlKind(Wire wire) {
        this.wire = wire;
    }

    public Wire wire() {
        return wire;
    }

    public boolean isInteger() {
        return this == INT8 || this == INT16 || this == INT24 || this == INT32 || this == INT64;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIME || this == TIMESTAMP || this == TIMESTAMPTZ;
    }
}
