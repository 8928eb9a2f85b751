package dev.sluice.core.types;

import dev.sluice.core.model.Column;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One line of a cast table: when {@code when} matches a source column, the column becomes {@code to}.
 *
 * @param name    short description, e.g. {@code "int unsigned -> bigint"}
 * @param when    source predicate on kind, width, precision, flags
 * @param to      target DDL type for the matched column
 * @param convert how values are written
 * @param postgis the rule applies only when the target PostgreSQL database has PostGIS
 */
public record CastRule(String name, Predicate<Column> when, Function<Column, String> to, Conversion convert,
                       boolean postgis) {
    public CastRule(String name, Predicate<Column> when, Function<Column, String> to, Conversion convert) {
        this(name, when, to, convert, false);
    }

    public TargetType apply(Column c) {
        return new TargetType(to.apply(c), convert, name);
    }
}
