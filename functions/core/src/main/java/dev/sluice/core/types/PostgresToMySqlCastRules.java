package dev.sluice.core.types;

import static dev.sluice.core.model.SqlKind.*;

/** PostgreSQL to MySQL/MariaDB. Unbounded PostgreSQL text becomes LONGTEXT; instants are stored as UTC DATETIME(6). */
final class PostgresToMySqlCastRules {
    /** Longest VARCHAR that still fits a utf8mb4 row comfortably; longer declared lengths become TEXT types. */
    static final long MAX_VARCHAR = 16383;

    static final CastRules RULES = new CastRules.Builder()
            .rule("boolean -> tinyint(1)", c -> c.kind() == BOOLEAN, c -> "tinyint(1)")
            .rule("smallint -> smallint", c -> c.kind() == INT16 || c.kind() == INT8, c -> "smallint")
            .rule("integer -> int", c -> c.kind() == INT32 || c.kind() == INT24, c -> "int")
            .rule("bigint -> bigint", c -> c.kind() == INT64, c -> "bigint")
            .rule("money -> decimal(19,2) (read as numeric, never as locale text; checked: notANumber, decimalOutOfRange)",
                    c -> c.kind() == DECIMAL && c.nativeType().equals("money"), c -> "decimal(19,2)")
            .rule("numeric(p,s) -> decimal(p,s) (checked: notANumber, decimalOutOfRange)", c -> c.kind() == DECIMAL && c.precision() > 0 && c.precision() <= 65
                    && c.scale() <= 30,
                    c -> "decimal(" + c.precision() + "," + Math.max(0, c.scale()) + ")")
            .rule("numeric (unconstrained, or beyond 65 digits / scale 30) -> decimal(65,30) (checked: notANumber, decimalOutOfRange)",
                    c -> c.kind() == DECIMAL || c.kind() == UINT64,
                    c -> "decimal(65,30)")
            .rule("real -> float (checked: notANumber, negativeZero)", c -> c.kind() == FLOAT32, c -> "float")
            .rule("double precision -> double (checked: notANumber, negativeZero)", c -> c.kind() == FLOAT64, c -> "double")
            .rule("char(n) -> char(n)", c -> c.kind() == CHAR && c.length() > 0 && c.length() <= 255,
                    c -> "char(" + c.length() + ")")
            .rule("varchar(n) -> varchar(n)", c -> (c.kind() == VARCHAR || c.kind() == CHAR) && c.length() > 0
                    && c.length() <= MAX_VARCHAR, c -> "varchar(" + c.length() + ")")
            .rule("text / long varchar -> longtext", c -> c.kind() == TEXT || c.kind() == VARCHAR || c.kind() == CHAR,
                    c -> "longtext")
            .rule("bytea -> longblob", c -> c.kind() == BLOB || c.kind() == BINARY || c.kind() == VARBINARY,
                    c -> "longblob")
            .rule("date -> date (checked: infinity, dateOutOfRange)", c -> c.kind() == DATE, c -> "date")
            .rule("timestamp(n) -> datetime(n) (checked: infinity, dateOutOfRange)", c -> c.kind() == TIMESTAMP,
                    c -> "datetime" + (c.precision() >= 0 ? CastRules.fsp(c) : "(6)"))
            .rule("timestamptz(n) -> datetime(n) holding UTC (checked: infinity, dateOutOfRange)", c -> c.kind() == TIMESTAMPTZ,
                    c -> "datetime" + (c.precision() >= 0 ? CastRules.fsp(c) : "(6)"))
            .rule("time(n) -> time(n)", c -> c.kind() == TIME, c -> "time" + (c.precision() >= 0 ? CastRules.fsp(c) : "(6)"))
            .rule("enum type -> enum(labels)", c -> c.kind() == ENUM && !c.enumValues().isEmpty(),
                    c -> "enum(" + String.join(",", c.enumValues().stream().map(PostgresToMySqlCastRules::quote).toList())
                            + ")")
            .rule("json/jsonb -> json", c -> c.kind() == JSON, c -> "json")
            .rule("uuid -> char(36)", c -> c.kind() == UUID, c -> "char(36)")
            .rule("bit(n) -> bit(n)", c -> c.kind() == BIT && c.length() > 0 && c.length() <= 64,
                    c -> "bit(" + c.length() + ")", Conversion.BITS_TO_INTEGER)
            .rule("PostGIS geometry(<subtype>) -> point, linestring, polygon, multi*, geometrycollection or geometry"
                    + " (EWKB, each value's SRID kept)", c -> c.kind() == GEOMETRY,
                    c -> CastRules.spatialSubtype(c.nativeType()) == null ? "geometry"
                            : CastRules.spatialSubtype(c.nativeType()).toLowerCase(java.util.Locale.ROOT),
                    Conversion.WKB_TO_GEOMETRY)
            .rule("array -> longtext (PostgreSQL array literal kept)", c -> c.kind() == ARRAY, c -> "longtext")
            .rule("fallback: anything else -> longtext (source text form kept)", c -> true, c -> "longtext")
            .build("postgresql -> mysql");

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private PostgresToMySqlCastRules() {
    }
}
