package dev.sluice.core.model;

import java.util.Locale;

/** The database engines Sluice reads from and writes to. */
public enum Engine {
    MYSQL, MARIADB, POSTGRESQL;

    /** MySQL and MariaDB share a wire protocol, a dialect and most of their catalog. */
    public boolean isMySqlFamily() {
        return this == MYSQL || this == MARIADB;
    }

    /** The family name used by cast rules: {@code mysql} or {@code postgresql}. */
    public String family() {
        return isMySqlFamily() ? "mysql" : "postgresql";
    }

    /** Parses a URL scheme or a user-typed name; {@code postgres} and {@code pg} are accepted. */
    public static Engine parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "mysql": return MYSQL;
            case "mariadb": return MARIADB;
            case "postgresql": case "postgres": case "pg": return POSTGRESQL;
            default:
                throw new IllegalArgumentException("unknown database type '" + s
                        + "': use mysql, mariadb or postgresql");
        }
    }
}
