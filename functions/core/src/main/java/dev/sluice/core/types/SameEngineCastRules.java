package dev.sluice.core.types;

import dev.sluice.core.model.Column;

import static dev.sluice.core.model.SqlKind.*;

/** Same-engine copies keep the source's own type text verbatim. */
final class SameEngineCastRules {
    static final CastRules MYSQL = new CastRules.Builder()
            .rule("generated column -> same generated column (the target computes it; not copied)",
                    Column::isGenerated, Column::nativeType, Conversion.GENERATED)
            .rule("geometry -> same (via WKB/EWKB, SRID kept)", c -> c.kind() == GEOMETRY, c -> c.nativeType(), Conversion.WKB_TO_GEOMETRY)
            .rule("bit(n) -> same", c -> c.kind() == BIT, c -> c.nativeType(), Conversion.BITS_TO_INTEGER)
            .rule("any type -> same type", c -> true, c -> c.nativeType())
            .build("mysql -> mysql");

    static final CastRules POSTGRES = new CastRules.Builder()
            .rule("generated column -> same generated column (the target computes it; not copied)",
                    Column::isGenerated, Column::nativeType, Conversion.GENERATED)
            .rule("timestamptz -> timestamptz (UTC instant kept)", c -> c.kind() == TIMESTAMPTZ, c -> c.nativeType(),
                    Conversion.UTC_OFFSET)
            .rule("PostGIS geometry -> same (EWKB, SRID kept; the target needs PostGIS)", c -> c.kind() == GEOMETRY,
                    c -> c.nativeType(), Conversion.WKB_TO_POSTGIS)
            .rule("any type -> same type", c -> true, c -> c.nativeType())
            .build("postgresql -> postgresql");

    private SameEngineCastRules() {
    }
}
