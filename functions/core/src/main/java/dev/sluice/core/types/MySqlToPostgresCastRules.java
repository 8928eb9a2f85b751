package dev.sluice.core.types;

import dev.sluice.core.model.SqlKind;

import static dev.sluice.core.model.SqlKind.*;

/** MySQL/MariaDB to PostgreSQL: every value exact; widths widened where PostgreSQL has no unsigned type. */
final class MySqlToPostgresCastRules {
    static final CastRules RULES = new CastRules.Builder()
            .rule("tinyint / tinyint(1) -> smallint (values kept, never squashed to boolean)",
                    c -> c.kind() == INT8, c -> "smallint")
            .rule("boolean -> boolean", c -> c.kind() == BOOLEAN, c -> "boolean")
            .rule("smallint unsigned -> integer", c -> c.kind() == INT16 && c.unsigned(), c -> "integer")
            .rule("smallint -> smallint", c -> c.kind() == INT16, c -> "smallint")
            .rule("mediumint -> integer", c -> c.kind() == INT24, c -> "integer")
            .rule("int unsigned -> bigint", c -> c.kind() == INT32 && c.unsigned(), c -> "bigint")
            .rule("int -> integer", c -> c.kind() == INT32, c -> "integer")
            .rule("bigint -> bigint", c -> c.kind() == INT64, c -> "bigint")
            .rule("bigint unsigned auto_increment -> bigint identity (a key above 2^63-1 is refused by PostgreSQL)",
                    c -> c.kind() == UINT64 && c.autoIncrement(), c -> "bigint")
            .rule("bigint unsigned -> numeric(20,0)", c -> c.kind() == UINT64, c -> "numeric(20,0)")
            .rule("decimal(p,s) -> numeric(p,s)", c -> c.kind() == DECIMAL,
                    c -> c.precision() > 0 ? "numeric(" + c.precision() + "," + Math.max(0, c.scale()) + ")" : "numeric")
            .rule("float -> real", c -> c.kind() == FLOAT32, c -> "real")
            .rule("double -> double precision", c -> c.kind() == FLOAT64, c -> "double precision")
            .rule("char(n) -> char(n) (checked: nulCharacter)", c -> c.kind() == CHAR && c.length() > 0, c -> "char(" + c.length() + ")")
            .rule("varchar(n) -> varchar(n) (checked: nulCharacter)", c -> c.kind() == VARCHAR && c.length() > 0,
                    c -> "varchar(" + c.length() + ")")
            .rule("text types -> text (checked: nulCharacter)", c -> c.kind() == TEXT || c.kind() == VARCHAR || c.kind() == CHAR, c -> "text")
            .rule("binary/varbinary/blob -> bytea", c -> c.kind() == BINARY || c.kind() == VARBINARY || c.kind() == BLOB,
                    c -> "bytea")
            .rule("date -> date (checked: zeroDate)", c -> c.kind() == DATE, c -> "date")
            .rule("datetime(n) -> timestamp(n) (checked: zeroDate)", c -> c.kind() == TIMESTAMP, c -> "timestamp" + CastRules.fsp(c))
            .rule("timestamp(n) -> timestamptz(n) (UTC instant kept; checked: zeroDate)", c -> c.kind() == TIMESTAMPTZ,
                    c -> "timestamptz" + CastRules.fsp(c), Conversion.UTC_OFFSET)
            .rule("time(n) -> time(n) (checked: timeOutOfRange; override to interval to keep every TIME)", c -> c.kind() == TIME, c -> "time" + CastRules.fsp(c))
            .rule("year -> smallint", c -> c.kind() == YEAR, c -> "smallint")
            .rule("enum -> varchar (labels kept as text, the invalid empty value too; checked: nulCharacter)", c -> c.kind() == ENUM,
                    c -> "varchar(" + Math.max(1, c.enumValues().stream().mapToInt(String::length).max().orElse(1)) + ")")
            .rule("set -> varchar (comma-separated members; checked: nulCharacter)", c -> c.kind() == SET,
                    c -> "varchar(" + Math.max(1, c.enumValues().stream().mapToInt(s -> s.length() + 1).sum()) + ")")
            .rule("json -> jsonb", c -> c.kind() == JSON, c -> "jsonb")
            .rule("bit(n) -> bit(n)", c -> c.kind() == BIT, c -> "bit(" + Math.max(1, c.length()) + ")")
            .postgisRule("geometry, point, linestring, polygon, multi*, geometrycollection -> PostGIS geometry(<subtype>)"
                    + " (the target has PostGIS; EWKB, each value's SRID kept)", c -> c.kind() == GEOMETRY,
                    c -> CastRules.spatialSubtype(c.nativeType()) == null ? "geometry"
                            : "geometry(" + CastRules.spatialSubtype(c.nativeType()) + ")", Conversion.WKB_TO_POSTGIS)
            .rule("geometry -> bytea (the target has no PostGIS: WKB, EWKB with an SRID)", c -> c.kind() == GEOMETRY,
                    c -> "bytea")
            .rule("uuid -> uuid", c -> c.kind() == SqlKind.UUID, c -> "uuid")
            .rule("fallback: anything else -> text (source text form kept; checked: nulCharacter)", c -> true, c -> "text")
            .build("mysql -> postgresql");

    private MySqlToPostgresCastRules() {
    }
}
