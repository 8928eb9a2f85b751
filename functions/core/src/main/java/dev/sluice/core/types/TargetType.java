package dev.sluice.core.types;

import java.util.Set;

/**
 * The target column type chosen by a cast rule.
 *
 * @param ddl        the type as written in CREATE TABLE (without NULL/DEFAULT)
 * @param conversion how values are written
 * @param rule       the name of the rule that matched (shown in reports and {@code sluice types})
 * @param guards     the kinds of source value this target type cannot hold; each is checked per value and
 *                   handled by its policy ({@link ValuePolicies}). Empty when every source value fits
 */
public record TargetType(String ddl, Conversion conversion, String rule, Set<ValueLoss> guards) {
    public TargetType {
        guards = guards == null || guards.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(
                java.util.EnumSet.copyOf(guards));
    }

    public TargetType(String ddl, Conversion conversion, String rule) {
        this(ddl, conversion, rule, Set.of());
    }

    /** True when the rule is the user's own ({@code typeOverrides}). */
    public boolean isOverride() {
        return rule.startsWith(CastRules.OVERRIDE_PREFIX);
    }
}
