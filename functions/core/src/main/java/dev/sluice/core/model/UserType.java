package dev.sluice.core.model;

import java.util.List;

/**
 * A PostgreSQL user-defined type a table uses: an enum (with its labels) or a domain (with its base
 * type and check constraints). Same-engine copies recreate it; cross-engine copies translate it.
 */
public record UserType(String schema, String name, Kind kind, List<String> labels, String baseType,
                       List<String> checks) {
    public enum Kind { ENUM, DOMAIN }

    public UserType {
        labels = labels == null ? List.of() : List.copyOf(labels);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
