package dev.sluice.core.config;

import java.util.Locale;

/** What to do when a target table already exists: refuse (default), drop and recreate, or truncate. */
public enum ExistingTables {
    FAIL, DROP, TRUNCATE;

    public static ExistingTables parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("existingTables '" + s + "' is not one of fail, drop, truncate");
        }
    }
}
