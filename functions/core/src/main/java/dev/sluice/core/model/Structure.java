package dev.sluice.core.model;

import java.util.List;

/** What the reader found in the source catalog and sends ahead of the data. */
public record Structure(Engine sourceEngine, List<Table> tables, List<UserType> userTypes, List<View> views) {
    public Structure {
        tables = List.copyOf(tables);
        userTypes = userTypes == null ? List.of() : List.copyOf(userTypes);
        views = views == null ? List.of() : List.copyOf(views);
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
        return new Structure(sourceEngine, t, userTypes, views);
    }
}
