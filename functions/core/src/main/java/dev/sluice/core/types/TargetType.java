package dev.sluice.core.types;

/**
 * The target column type chosen by a cast rule.
 *
 * @param ddl        the type as written in CREATE TABLE (without NULL/DEFAULT)
 * @param conversion how values are written
 * @param rule       the name of the rule that matched (shown in reports and {@code sluice types})
 */
public record TargetType(String ddl, Conversion conversion, String rule) {
}
