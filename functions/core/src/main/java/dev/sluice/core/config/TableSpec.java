package dev.sluice.core.config;

/** A table to copy, optionally through a custom query whose result replaces the table's rows. */
public record TableSpec(String name, String query) {
    public TableSpec {
        if (name == null || name.isBlank()) {
            throw new ConfigException("a table entry has no name");
        }
        if (query != null && query.isBlank()) {
            query = null;
        }
    }
}
