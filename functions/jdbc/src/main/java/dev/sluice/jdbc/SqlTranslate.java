package dev.sluice.jdbc;

import java.util.List;

/**
 * Carries SQL expressions (CHECK conditions, view definitions) from one engine to another as far as a
 * mechanical rewrite can: identifier quotes ({@code `x`} and {@code "x"}), PostgreSQL casts ({@code ::text}),
 * and qualifiers naming the source database. String literals are left alone. What the target then refuses
 * is reported with its SQL by the caller; nothing here guesses at semantics.
 */
final class SqlTranslate {
    /** PostgreSQL type names of more than one word that can follow {@code ::}. */
    private static final List<String> LONG_TYPES = List.of("character varying", "timestamp without time zone",
            "timestamp with time zone", "time without time zone", "time with time zone", "double precision",
            "bit varying");

    private SqlTranslate() {
    }

    /**
     * @param sql           the source text
     * @param fromMySql     the source is MySQL/MariaDB
     * @param toMySql       the target is MySQL/MariaDB
     * @param sourceSchema  qualifiers naming this schema are removed (the target has its own), or null
     */
    static String expression(String sql, boolean fromMySql, boolean toMySql, String sourceSchema) {
        char from = fromMySql ? '`' : '"';
        char to = toMySql ? '`' : '"';
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                int end = stringEnd(sql, i, fromMySql);
                out.append(sql, i, end);
                i = end;
            } else if (ch == from) {
                StringBuilder id = new StringBuilder();
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == from && j + 1 < n && sql.charAt(j + 1) == from) {
                        id.append(from);
                        j += 2;
                    } else if (sql.charAt(j) == from) {
                        break;
                    } else {
                        id.append(sql.charAt(j++));
                    }
                }
                i = Math.min(n, j + 1);
                if (sourceSchema != null && id.toString().equals(sourceSchema) && i < n && sql.charAt(i) == '.') {
                    i++; // drop the source schema qualifier
                    continue;
                }
                out.append(to).append(id.toString().replace(String.valueOf(to), "" + to + to)).append(to);
            } else if (ch == ':' && i + 1 < n && sql.charAt(i + 1) == ':' && !fromMySql && toMySql) {
                i = castEnd(sql, i + 2);
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static int stringEnd(String sql, int start, boolean backslashEscapes) {
        int j = start + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == '\'' && j + 1 < sql.length() && sql.charAt(j + 1) == '\'') {
                j += 2;
            } else if (c == '\'') {
                return j + 1;
            } else {
                j++;
            }
        }
        return sql.length();
    }

    /** The end of a PostgreSQL type name after {@code ::}, with its modifier and array brackets. */
    private static int castEnd(String sql, int i) {
        String rest = sql.substring(i).toLowerCase();
        int j = i;
        String lead = rest.startsWith("\"") ? null : LONG_TYPES.stream().filter(rest::startsWith).findFirst().orElse(null);
        if (lead != null) {
            j += lead.length();
        } else if (rest.startsWith("\"")) {
            j = sql.indexOf('"', i + 1) + 1;
        } else {
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                    || sql.charAt(j) == '.')) {
                j++;
            }
        }
        if (j < sql.length() && sql.charAt(j) == '(') {
            j = sql.indexOf(')', j) + 1;
        }
        while (j + 1 < sql.length() && sql.charAt(j) == '[' && sql.charAt(j + 1) == ']') {
            j += 2;
        }
        return j;
    }
}
