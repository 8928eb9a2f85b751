package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates column defaults between engines. The catalogs normalise defaults to SQL text (quoted
 * literals, numbers, {@code CURRENT_TIMESTAMP[(n)]}, or a raw expression); a default that has no
 * equivalent on the target is dropped and reported, never guessed.
 */
final class Defaults {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NOW = Pattern.compile("(?i)(current_timestamp|now|localtimestamp)(\\((\\d?)\\))?");
    private static final Pattern FSP = Pattern.compile("\\((\\d)\\)");

    private Defaults() {
    }

    /** The DEFAULT clause for a target column, or "" when there is none (or it was dropped and reported). */
    static String clause(Column c, Engine source, Engine target, String targetDdl, String table, Consumer<String> notes) {
        String d = c.defaultValue();
        if (d == null || c.autoIncrement()) {
            return "";
        }
        if (source.isMySqlFamily() == target.isMySqlFamily()) {
            return " DEFAULT " + d;
        }
        String t = d.trim();
        if (NUMBER.matcher(t).matches()) {
            return " DEFAULT " + t;
        }
        if (LITERAL.matcher(t).matches()) {
            if (c.kind().isTemporal() && t.startsWith("'0000")) {
                notes.accept(table + "." + c.name() + ": default " + t + " (a MySQL zero date) has no equivalent on "
                        + "the target and was dropped");
                return "";
            }
            return " DEFAULT " + t;
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            boolean v = t.equalsIgnoreCase("true");
            return " DEFAULT " + (target.isMySqlFamily() ? (v ? "1" : "0") : (v ? "true" : "false"));
        }
        Matcher now = NOW.matcher(t);
        if (now.matches() && (c.kind() == SqlKind.TIMESTAMP || c.kind() == SqlKind.TIMESTAMPTZ)) {
            if (target.isMySqlFamily()) {
                Matcher f = FSP.matcher(targetDdl);
                return " DEFAULT CURRENT_TIMESTAMP" + (f.find() ? "(" + f.group(1) + ")" : "");
            }
            return " DEFAULT CURRENT_TIMESTAMP";
        }
        if (t.equalsIgnoreCase("current_date") && c.kind() == SqlKind.DATE) {
            return target.isMySqlFamily() ? " DEFAULT (curdate())" : " DEFAULT CURRENT_DATE";
        }
        notes.accept(table + "." + c.name() + ": default " + t + " has no translation for the target and was dropped");
        return "";
    }
}
