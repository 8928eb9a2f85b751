package dev.sluice.core.model;

import java.util.Objects;

/**
 * A CHECK constraint of a table.
 *
 * @param name   the constraint name
 * @param clause the condition in the source's SQL dialect, without the {@code CHECK} keyword, e.g.
 *               {@code (`price` >= 0)} or {@code (price >= (0)::numeric)}
 */
public record Check(String name, String clause) {
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clause, "clause");
    }
}
