package dev.sluice.core.types;

/**
 * How a writer turns a wire value into what the target column takes, beyond the default for the wire kind.
 * Named so that {@code sluice types} can print it and dialects can switch on it.
 */
public enum Conversion {
    /** The wire value is written as is. */
    NONE,
    /** UTC wall-clock text gets an explicit {@code +00} offset (PostgreSQL timestamptz). */
    UTC_OFFSET,
    /** OGC well-known binary into a MySQL spatial column ({@code ST_GeomFromWKB}). */
    WKB_TO_GEOMETRY,
    /** A string of 0/1 characters into a MySQL BIT column as its integer value. */
    BITS_TO_INTEGER
}
