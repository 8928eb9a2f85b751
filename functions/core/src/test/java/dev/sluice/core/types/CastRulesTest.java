package dev.sluice.core.types;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.sluice.core.model.Engine.MARIADB;
import static dev.sluice.core.model.Engine.MYSQL;
import static dev.sluice.core.model.Engine.POSTGRESQL;
import static dev.sluice.core.model.SqlKind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastRulesTest {

    static Column col(String nativeType, SqlKind kind, long length, int precision, int scale, boolean unsigned,
                      String... labels) {
        return new Column("c", nativeType, kind, length, precision, scale, unsigned, true, null, false,
                List.of(labels), null);
    }

    static Column col(String nativeType, SqlKind kind) {
        return col(nativeType, kind, 0, -1, -1, false);
    }

    static Arguments row(Engine from, Engine to, Column c, String ddl, Conversion conv) {
        return Arguments.of(from, to, c, ddl, conv);
    }

    static Arguments row(Engine from, Engine to, Column c, String ddl) {
        return row(from, to, c, ddl, Conversion.NONE);
    }

    static Stream<Arguments> mysqlToPostgres() {
        Engine m = MYSQL;
        Engine p = POSTGRESQL;
        return Stream.of(
                row(m, p, col("tinyint(1)", INT8, 0, 3, 0, false), "smallint"),
                row(m, p, col("tinyint(4)", INT8, 0, 3, 0, false), "smallint"),
                row(m, p, col("tinyint(3) unsigned", INT8, 0, 3, 0, true), "smallint"),
                row(m, p, col("smallint(6)", INT16, 0, 5, 0, false), "smallint"),
                row(m, p, col("smallint(5) unsigned", INT16, 0, 5, 0, true), "integer"),
                row(m, p, col("mediumint(9)", INT24, 0, 7, 0, false), "integer"),
                row(m, p, col("mediumint(8) unsigned", INT24, 0, 8, 0, true), "integer"),
                row(m, p, col("int(11)", INT32, 0, 10, 0, false), "integer"),
                row(m, p, col("int(10) unsigned", INT32, 0, 10, 0, true), "bigint"),
                row(m, p, col("bigint(20)", INT64, 0, 19, 0, false), "bigint"),
                row(m, p, col("bigint(20) unsigned", UINT64, 0, 20, 0, true), "numeric(20,0)"),
                row(m, p, col("decimal(10,2)", DECIMAL, 0, 10, 2, false), "numeric(10,2)"),
                row(m, p, col("decimal(65,30)", DECIMAL, 0, 65, 30, false), "numeric(65,30)"),
                row(m, p, col("decimal(12,0) unsigned", DECIMAL, 0, 12, 0, true), "numeric(12,0)"),
                row(m, p, col("float", FLOAT32), "real"),
                row(m, p, col("double", FLOAT64), "double precision"),
                row(m, p, col("char(3)", CHAR, 3, -1, -1, false), "char(3)"),
                row(m, p, col("varchar(255)", VARCHAR, 255, -1, -1, false), "varchar(255)"),
                row(m, p, col("varchar(65535)", VARCHAR, 65535, -1, -1, false), "varchar(65535)"),
                row(m, p, col("text", TEXT, 65535, -1, -1, false), "text"),
                row(m, p, col("longtext", TEXT, 4294967295L, -1, -1, false), "text"),
                row(m, p, col("binary(16)", BINARY, 16, -1, -1, false), "bytea"),
                row(m, p, col("varbinary(200)", VARBINARY, 200, -1, -1, false), "bytea"),
                row(m, p, col("longblob", BLOB, 4294967295L, -1, -1, false), "bytea"),
                row(m, p, col("date", DATE), "date"),
                row(m, p, col("datetime", TIMESTAMP, 0, 0, -1, false), "timestamp(0)"),
                row(m, p, col("datetime(3)", TIMESTAMP, 0, 3, -1, false), "timestamp(3)"),
                row(m, p, col("datetime(6)", TIMESTAMP, 0, 6, -1, false), "timestamp(6)"),
                row(m, p, col("timestamp", TIMESTAMPTZ, 0, 0, -1, false), "timestamptz(0)", Conversion.UTC_OFFSET),
                row(m, p, col("timestamp(6)", TIMESTAMPTZ, 0, 6, -1, false), "timestamptz(6)", Conversion.UTC_OFFSET),
                row(m, p, col("time(2)", TIME, 0, 2, -1, false), "time(2)"),
                row(m, p, col("year(4)", YEAR), "smallint"),
                row(m, p, col("enum('small','medium','xl')", ENUM, 0, -1, -1, false, "small", "medium", "xl"),
                        "varchar(6)"),
                row(m, p, col("enum('')", ENUM, 0, -1, -1, false, ""), "varchar(1)"),
                row(m, p, col("set('a','bb','ccc')", SET, 0, -1, -1, false, "a", "bb", "ccc"), "varchar(9)"),
                row(m, p, col("json", JSON), "jsonb"),
                row(m, p, col("bit(1)", BIT, 1, -1, -1, false), "bit(1)"),
                row(m, p, col("bit(64)", BIT, 64, -1, -1, false), "bit(64)"),
                row(m, p, col("geometry", GEOMETRY), "bytea"),
                row(m, p, col("point", GEOMETRY), "bytea"),
                row(m, p, col("uuid", SqlKind.UUID), "uuid"),
                row(m, p, col("inet6", OTHER), "text"),
                row(MARIADB, p, col("int(10) unsigned", INT32, 0, 10, 0, true), "bigint"),
                row(MARIADB, p, col("tinyint(1)", INT8, 0, 3, 0, false), "smallint"));
    }

    static Stream<Arguments> postgresToMysql() {
        Engine p = POSTGRESQL;
        Engine m = MYSQL;
        return Stream.of(
                row(p, m, col("boolean", BOOLEAN), "tinyint(1)"),
                row(p, m, col("smallint", INT16, 0, 16, 0, false), "smallint"),
                row(p, m, col("integer", INT32, 0, 32, 0, false), "int"),
                row(p, m, col("bigint", INT64, 0, 64, 0, false), "bigint"),
                row(p, m, col("numeric(12,4)", DECIMAL, 0, 12, 4, false), "decimal(12,4)"),
                row(p, m, col("numeric(65,30)", DECIMAL, 0, 65, 30, false), "decimal(65,30)"),
                row(p, m, col("numeric", DECIMAL, 0, -1, -1, false), "decimal(65,30)"),
                row(p, m, col("numeric", DECIMAL, 0, 0, 0, false), "decimal(65,30)"),
                row(p, m, col("numeric(70,2)", DECIMAL, 0, 70, 2, false), "decimal(65,30)"),
                row(p, m, col("real", FLOAT32), "float"),
                row(p, m, col("double precision", FLOAT64), "double"),
                row(p, m, col("character(10)", CHAR, 10, -1, -1, false), "char(10)"),
                row(p, m, col("character(300)", CHAR, 300, -1, -1, false), "varchar(300)"),
                row(p, m, col("character varying(50)", VARCHAR, 50, -1, -1, false), "varchar(50)"),
                row(p, m, col("character varying(16383)", VARCHAR, 16383, -1, -1, false), "varchar(16383)"),
                row(p, m, col("character varying(16384)", VARCHAR, 16384, -1, -1, false), "longtext"),
                row(p, m, col("character varying(20000)", VARCHAR, 20000, -1, -1, false), "longtext"),
                row(p, m, col("character varying", VARCHAR), "longtext"),
                row(p, m, col("text", TEXT), "longtext"),
                row(p, m, col("bytea", BLOB), "longblob"),
                row(p, m, col("date", DATE), "date"),
                row(p, m, col("timestamp without time zone", TIMESTAMP), "datetime(6)"),
                row(p, m, col("timestamp(3) without time zone", TIMESTAMP, 0, 3, -1, false), "datetime(3)"),
                row(p, m, col("timestamp with time zone", TIMESTAMPTZ), "datetime(6)"),
                row(p, m, col("timestamp(0) with time zone", TIMESTAMPTZ, 0, 0, -1, false), "datetime(0)"),
                row(p, m, col("time without time zone", TIME), "time(6)"),
                row(p, m, col("mpaa_rating", ENUM, 0, -1, -1, false, "G", "PG-13", "NC-17"), "enum('G','PG-13','NC-17')"),
                row(p, m, col("mood", ENUM, 0, -1, -1, false, "it's ok", "back\\slash"),
                        "enum('it''s ok','back\\\\slash')"),
                row(p, m, col("empty_enum", ENUM), "longtext"),
                row(p, m, col("jsonb", JSON), "json"),
                row(p, m, col("json", JSON), "json"),
                row(p, m, col("uuid", SqlKind.UUID), "char(36)"),
                row(p, m, col("bit(8)", BIT, 8, -1, -1, false), "bit(8)", Conversion.BITS_TO_INTEGER),
                row(p, m, col("bit(100)", BIT, 100, -1, -1, false), "longtext"),
                row(p, m, col("geometry", GEOMETRY), "geometry", Conversion.WKB_TO_GEOMETRY),
                row(p, m, col("integer[]", ARRAY), "longtext"),
                row(p, m, col("text[]", ARRAY), "longtext"),
                row(p, m, col("interval", OTHER), "longtext"),
                row(p, m, col("inet", OTHER), "longtext"),
                row(p, MARIADB, col("boolean", BOOLEAN), "tinyint(1)"),
                row(p, MARIADB, col("uuid", SqlKind.UUID), "char(36)"));
    }

    static Stream<Arguments> sameEngine() {
        return Stream.of(
                row(MYSQL, MYSQL, col("int(10) unsigned", INT32, 0, 10, 0, true), "int(10) unsigned"),
                row(MYSQL, MYSQL, col("tinyint(1)", INT8), "tinyint(1)"),
                row(MYSQL, MYSQL, col("enum('a','b')", ENUM, 0, -1, -1, false, "a", "b"), "enum('a','b')"),
                row(MYSQL, MYSQL, col("timestamp(6)", TIMESTAMPTZ, 0, 6, -1, false), "timestamp(6)"),
                row(MYSQL, MYSQL, col("point", GEOMETRY), "point", Conversion.WKB_TO_GEOMETRY),
                row(MYSQL, MYSQL, col("bit(3)", BIT, 3, -1, -1, false), "bit(3)", Conversion.BITS_TO_INTEGER),
                row(MARIADB, MYSQL, col("varchar(10)", VARCHAR, 10, -1, -1, false), "varchar(10)"),
                row(MYSQL, MARIADB, col("json", JSON), "json"),
                row(MARIADB, MARIADB, col("inet6", OTHER), "inet6"),
                row(POSTGRESQL, POSTGRESQL, col("mpaa_rating", ENUM, 0, -1, -1, false, "G"), "mpaa_rating"),
                row(POSTGRESQL, POSTGRESQL, col("numeric", DECIMAL), "numeric"),
                row(POSTGRESQL, POSTGRESQL, col("character varying(20000)", VARCHAR, 20000, -1, -1, false),
                        "character varying(20000)"),
                row(POSTGRESQL, POSTGRESQL, col("timestamp(3) with time zone", TIMESTAMPTZ, 0, 3, -1, false),
                        "timestamp(3) with time zone", Conversion.UTC_OFFSET),
                row(POSTGRESQL, POSTGRESQL, col("integer[]", ARRAY), "integer[]"),
                row(POSTGRESQL, POSTGRESQL, col("geometry(Point,4326)", GEOMETRY), "geometry(Point,4326)",
                        Conversion.WKB_TO_POSTGIS));
    }

    static Stream<Arguments> allRows() {
        return Stream.of(mysqlToPostgres(), postgresToMysql(), sameEngine()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2} => {3} {4}")
    @MethodSource("allRows")
    void castTableMapsTheSourceColumnToTheExpectedTargetType(Engine from, Engine to, Column source, String ddl,
                                                             Conversion conversion) {
        TargetType t = CastRules.forDirection(from, to).map(source);
        assertEquals(ddl, t.ddl(), () -> "rule: " + t.rule());
        assertEquals(conversion, t.conversion(), () -> "rule: " + t.rule());
        assertFalse(t.rule().isBlank());
    }

    /** With PostGIS in the target: MySQL spatial types become geometry(<subtype>) without a column SRID. */
    @ParameterizedTest(name = "{0} => {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "geometry, geometry", "point, geometry(Point)", "linestring, geometry(LineString)",
            "polygon, geometry(Polygon)", "multipoint, geometry(MultiPoint)",
            "multilinestring, geometry(MultiLineString)", "multipolygon, geometry(MultiPolygon)",
            "geometrycollection, geometry(GeometryCollection)", "geomcollection, geometry(GeometryCollection)"})
    void spatialTypesBecomePostgisGeometryWhenTheTargetHasIt(String mysql, String postgis) {
        Column c = col(mysql, GEOMETRY);
        TargetType t = CastRules.forDirection(MYSQL, POSTGRESQL).withPostgis().map(c);
        assertEquals(postgis, t.ddl());
        assertEquals(Conversion.WKB_TO_POSTGIS, t.conversion());
        assertEquals("bytea", CastRules.forDirection(MYSQL, POSTGRESQL).map(c).ddl(), "without PostGIS");
        dev.sluice.core.model.Structure s = new dev.sluice.core.model.Structure(MYSQL, java.util.List.of(),
                java.util.List.of());
        assertEquals("bytea", CastRules.forStructure(s, POSTGRESQL).map(c).ddl());
        assertEquals(postgis, CastRules.forStructure(s.withTargetPostgis(true), POSTGRESQL).map(c).ddl());
    }

    @ParameterizedTest(name = "{0} => {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "geometry|geometry", "geometry(Point,4326)|point", "geometry(Point)|point",
            "geometry(LineString,3857)|linestring", "geometry(Polygon)|polygon", "geometry(MultiPoint)|multipoint",
            "geometry(MultiLineString)|multilinestring", "geometry(MultiPolygon,4326)|multipolygon",
            "geometry(GeometryCollection)|geometrycollection", "geometry(PointZ,4326)|geometry"})
    void postgisTypesBecomeTheMySqlSpatialTypeOfTheirSubtype(String postgis, String mysql) {
        TargetType t = CastRules.forDirection(POSTGRESQL, MYSQL).map(col(postgis, GEOMETRY));
        assertEquals(mysql, t.ddl());
        assertEquals(Conversion.WKB_TO_GEOMETRY, t.conversion());
    }

    @Test
    void tinyint1IsNeverSquashedToBoolean() {
        TargetType t = CastRules.forDirection(MYSQL, POSTGRESQL).map(col("tinyint(1)", INT8, 0, 3, 0, false));
        assertEquals("smallint", t.ddl());
        assertTrue(t.rule().contains("never squashed to boolean"), t.rule());
    }

    @Test
    void theRuleThatMatchedIsNamed() {
        assertEquals("bigint unsigned -> numeric(20,0)",
                CastRules.forDirection(MYSQL, POSTGRESQL).map(col("bigint unsigned", UINT64)).rule());
        assertEquals("fallback: anything else -> longtext (source text form kept)",
                CastRules.forDirection(POSTGRESQL, MYSQL).map(col("tsvector", OTHER)).rule());
    }

    @ParameterizedTest
    @EnumSource(SqlKind.class)
    void everyKindGetsATargetTypeInEveryDirection(SqlKind kind) {
        Column c = col("some_type", kind);
        for (Engine from : Engine.values()) {
            for (Engine to : Engine.values()) {
                TargetType t = CastRules.forDirection(from, to).map(c);
                assertFalse(t.ddl().isBlank(), from + "->" + to + " " + kind);
            }
        }
    }

    @Test
    void everyTableEndsWithACatchAllFallback() {
        for (Engine from : Engine.values()) {
            for (Engine to : Engine.values()) {
                CastRules r = CastRules.forDirection(from, to);
                CastRule last = r.rules().get(r.rules().size() - 1);
                assertTrue(last.when().test(col("anything", OTHER)), r.direction());
            }
        }
    }

    @Test
    void mariaDbAndMySqlShareTheirTables() {
        assertSame(CastRules.forDirection(MYSQL, POSTGRESQL), CastRules.forDirection(MARIADB, POSTGRESQL));
        assertSame(CastRules.forDirection(POSTGRESQL, MYSQL), CastRules.forDirection(POSTGRESQL, MARIADB));
        assertEquals("mysql -> postgresql", CastRules.forDirection(MARIADB, POSTGRESQL).direction());
        assertEquals("postgresql -> mysql", CastRules.forDirection(POSTGRESQL, MARIADB).direction());
    }

    @Test
    void aTableWithoutFallbackSaysSo() {
        CastRules none = new CastRules("x -> y", List.of());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> none.map(col("int", INT32)));
        assertEquals("cast table x -> y has no fallback rule", e.getMessage());
    }
}
