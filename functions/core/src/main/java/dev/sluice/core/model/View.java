package dev.sluice.core.model;

import java.util.Objects;

/**
 * A view of the source schema: recreated on the target after the tables when its definition translates,
 * otherwise reported with its SQL.
 *
 * @param name       the view name
 * @param definition the SELECT as the source catalog prints it
 */
public record View(String name, String definition) {
    public View {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }
}
