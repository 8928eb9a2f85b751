package dev.sluice.core.types;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered cast table for one direction: the first rule whose predicate matches decides the target type.
 * A user's type override ({@link Column#typeOverride()}, from {@code typeOverrides}) comes before every rule.
 * The last rule of every table is an explicit fallback, so no column is ever left without a decision. Each
 * decision carries the {@link Guards guards}: the source values the target type cannot hold.
 */
public final class CastRules {
    /** Rule names of user overrides start with this. */
    public static final String OVERRIDE_PREFIX = "typeOverrides: ";
    private static final java.util.Set<String> GEOMETRY_TYPES = java.util.Set.of("geometry", "point", "linestring",
            "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    private final String direction;
    private final List<CastRule> rules;
    private final boolean fromMySql;
    private final boolean toMySql;
    private final boolean postgis;

    /** @param direction {@code "<from> -> <to>"} with {@code mysql} or {@code postgresql} as engine families */
    public CastRules(String direction, List<CastRule> rules) {
        this(direction, rules, false);
    }

    /** @param postgis the target has PostGIS: rules marked {@link CastRule#postgis()} apply */
    private CastRules(String direction, List<CastRule> rules, boolean postgis) {
        this.direction = direction;
        this.postgis = postgis;
        List<CastRule> all = new ArrayList<>();
        all.add(new CastRule(OVERRIDE_PREFIX + "the target type you chose for a column or a source type"
                + " (before every rule below; values checked as for a built-in rule)",
                c -> c.typeOverride() != null, Column::typeOverride, Conversion.NONE));
        all.addAll(rules);
        this.rules = List.copyOf(all);
        this.fromMySql = direction.startsWith("mysql");
        this.toMySql = direction.endsWith("mysql");
    }

    /** The cast table from one engine to another. */
    public static CastRules forDirection(Engine source, Engine target) {
        boolean srcMy = source.isMySqlFamily();
        boolean dstMy = target.isMySqlFamily();
        if (srcMy && !dstMy) {
            return MySqlToPostgresCastRules.RULES;
        }
        if (!srcMy && dstMy) {
            return PostgresToMySqlCastRules.RULES;
        }
        return srcMy ? SameEngineCastRules.MYSQL : SameEngineCastRules.POSTGRES;
    }

    /**
     * The cast table of a stream: its direction, with the PostGIS rules when the target database has PostGIS
     * ({@link Structure#targetPostgis()}, found by the pre-flight).
     */
    public static CastRules forStructure(Structure s, Engine target) {
        CastRules r = forDirection(s.sourceEngine(), target);
        return s.targetPostgis() && !target.isMySqlFamily() ? r.withPostgis() : r;
    }

    /** The same table for a target that has PostGIS. */
    public CastRules withPostgis() {
        if (postgis) {
            return this;
        }
        CastRules p = withPostgis;
        if (p == null) {
            p = new CastRules(direction, rules.subList(1, rules.size()), true);
            withPostgis = p;
        }
        return p;
    }

    private volatile CastRules withPostgis;

    public boolean postgis() {
        return postgis;
    }

    public TargetType map(Column c) {
        if (c.typeOverride() != null) {
            String ddl = c.typeOverride();
            return new TargetType(ddl, overrideConversion(c, ddl), OVERRIDE_PREFIX + c.nativeType() + " -> " + ddl
                    + " (your override)", Guards.of(fromMySql, toMySql, c, ddl));
        }
        for (CastRule r : rules.subList(1, rules.size())) {
            if ((!r.postgis() || postgis) && r.when().test(c)) {
                String ddl = r.to().apply(c);
                return new TargetType(ddl, r.convert(), r.name(), Guards.of(fromMySql, toMySql, c, ddl));
            }
        }
        throw new IllegalStateException("cast table " + direction + " has no fallback rule");
    }

    /** The conversion a value needs to go into a type the user chose; most need none. */
    private Conversion overrideConversion(Column c, String ddl) {
        String base = Guards.base(ddl);
        if (toMySql && c.kind() == SqlKind.BIT && base.equals("bit")) {
            return Conversion.BITS_TO_INTEGER;
        }
        if (toMySql && c.kind() == SqlKind.GEOMETRY && GEOMETRY_TYPES.contains(base)) {
            return Conversion.WKB_TO_GEOMETRY;
        }
        if (!toMySql && c.kind() == SqlKind.GEOMETRY && base.equals("geometry")) {
            return Conversion.WKB_TO_POSTGIS;
        }
        if (!toMySql && c.kind() == SqlKind.TIMESTAMPTZ
                && (base.equals("timestamptz") || base.equals("timestamp with time zone"))) {
            return Conversion.UTC_OFFSET;
        }
        return Conversion.NONE;
    }

    public boolean fromMySql() {
        return fromMySql;
    }

    public boolean toMySql() {
        return toMySql;
    }

    public String direction() {
        return direction;
    }

    public List<CastRule> rules() {
        return rules;
    }

    /** A builder that reads like the printed table. */
    static final class Builder {
        private final List<CastRule> rules = new ArrayList<>();

        Builder rule(String name, java.util.function.Predicate<Column> when, java.util.function.Function<Column, String> to) {
            return rule(name, when, to, Conversion.NONE);
        }

        Builder rule(String name, java.util.function.Predicate<Column> when, java.util.function.Function<Column, String> to,
                     Conversion conv) {
            rules.add(new CastRule(name, when, to, conv));
            return this;
        }

        /** A rule that applies only when the target database has PostGIS. */
        Builder postgisRule(String name, java.util.function.Predicate<Column> when,
                            java.util.function.Function<Column, String> to, Conversion conv) {
            rules.add(new CastRule(name, when, to, conv, true));
            return this;
        }

        CastRules build(String direction) {
            return new CastRules(direction, rules);
        }
    }

    /**
     * The spatial subtype of a MySQL type ({@code point}) or of a PostGIS typmod ({@code geometry(Point,4326)}):
     * {@code Point}, {@code LineString}... with PostGIS's spelling; null for plain geometry, a Z/M subtype or an
     * unknown name.
     */
    static String spatialSubtype(String nativeType) {
        String t = nativeType.toLowerCase(java.util.Locale.ROOT).trim();
        if (t.startsWith("geometry(")) {
            int end = t.indexOf(',') > 0 ? t.indexOf(',') : t.indexOf(')');
            t = end > 9 ? t.substring(9, end).trim() : "";
        } else {
            t = t.split("[\\s(/]", 2)[0];
        }
        return switch (t) {
            case "point" -> "Point";
            case "linestring" -> "LineString";
            case "polygon" -> "Polygon";
            case "multipoint" -> "MultiPoint";
            case "multilinestring" -> "MultiLineString";
            case "multipolygon" -> "MultiPolygon";
            case "geometrycollection", "geomcollection" -> "GeometryCollection";
            default -> null;
        };
    }

    /** Fractional-second precision suffix, e.g. {@code (6)}; empty when unspecified. */
    static String fsp(Column c) {
        return c.precision() >= 0 ? "(" + Math.min(c.precision(), 6) + ")" : "";
    }
}
