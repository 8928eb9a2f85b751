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
    /** OGC WKB or EWKB into a MySQL spatial column, as MySQL's own format (SRID, then WKB). */
    WKB_TO_GEOMETRY,
    /** OGC WKB or EWKB into a PostGIS geometry column, as hex EWKB text (the geometry type's own input). */
    WKB_TO_POSTGIS,
    /** A string of 0/1 characters into a MySQL BIT column as its integer value. */
    BITS_TO_INTEGER,
    /** A generated column recreated as generated on the target: the target computes it, so it is not written. */
    GENERATED
}
