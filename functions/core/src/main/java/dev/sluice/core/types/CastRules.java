package dev.sluice.core.types;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered cast table for one direction: the first rule whose predicate matches decides the target type.
 * The last rule of every table is an explicit fallback, so no column is ever left without a decision.
 */
public final class CastRules {
    private final String direction;
    private final List<CastRule> rules;

    public CastRules(String direction, List<CastRule> rules) {
        this.direction = direction;
        this.rules = List.copyOf(rules);
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

    public TargetType map(Column c) {
        for (CastRule r : rules) {
            if (r.when().test(c)) {
                return r.apply(c);
            }
        }
        throw new IllegalStateException("cast table " + direction + " has no fallback rule");
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

        CastRules build(String direction) {
            return new CastRules(direction, rules);
        }
    }

    /** Fractional-second precision suffix, e.g. {@code (6)}; empty when unspecified. */
    static String fsp(Column c) {
        return c.precision() >= 0 ? "(" + Math.min(c.precision(), 6) + ")" : "";
    }
}
