package dev.sluice.core.model;

import java.util.List;

/**
 * What the reader found in the source catalog and sends ahead of the data.
 *
 * @param targetPostgis the target PostgreSQL database has the PostGIS extension (found by the pre-flight):
 *                      spatial columns become PostGIS geometry there instead of bytea
 */
public record Structure(Engine sourceEngine, List<Table> tables, List<UserType> userTypes, List<View> views,
                        boolean targetPostgis) {
    public Structure {
        tables = List.copyOf(tables);
        userTypes = userTypes == null ? List.of() : List.copyOf(userTypes);
        views = views == null ? List.of() : List.copyOf(views);
    }

    /** A structure for a target without PostGIS. */
    public Structure(Engine sourceEngine, List<Table> tables, List<UserType> userTypes, List<View> views) {
        this(sourceEngine, tables, userTypes, views, false);
    }

    /** A structure without views. */
    public Structure(Engine sourceEngine, List<Table> tables, List<UserType> userTypes) {
        this(sourceEngine, tables, userTypes, List.of());
    }

    public Table table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table '" + id + "' in the stream structure"));
    }

    public Structure withTables(List<Table> t) {
        return new Structure(sourceEngine, t, userTypes, views, targetPostgis);
    }

    public Structure withTargetPostgis(boolean postgis) {
        return new Structure(sourceEngine, tables, userTypes, views, postgis);
    }
}
