package dev.sluice.core.model;

import java.util.List;

/** A foreign key, created on the target after the data. Rules are SQL words like {@code CASCADE}. */
public record ForeignKey(String name, List<String> columns, String refSchema, String refTable,
                         List<String> refColumns, String onDelete, String onUpdate) {
    public ForeignKey {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
    }
}
