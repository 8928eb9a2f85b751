package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueLoss;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts, on the source, the values of a column its target type cannot hold, one kind of loss at a time:
 * the pre-flight answer to "what would this run refuse or change?". Each kind is a WHERE condition in the
 * source's SQL; the writer's check ({@link dev.sluice.core.types.ValueGuard}) stays the authority during the run.
 */
public final class LossProbe {
    private static final Pattern PRECISION = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    /** How many values of a kind there are, and the first one found with its row key. */
    public record Found(ValueLoss loss, long count, String example) {
    }

    private LossProbe() {
    }

    /** Null when the source has no such value (or the kind cannot be probed with SQL). */
    public static Found probe(Connection c, Engine source, Table t, Column col, TargetType type, ValueLoss loss)
            throws SQLException {
        Dialect d = Dialect.of(source);
        String q = d.quote(col.name());
        String where = condition(source, col, type, loss, d.readExpression(col));
        if (where == null) {
            return null;
        }
        String from = " FROM " + d.qualified(t.schema(), t.name()) + " WHERE " + q + " IS NOT NULL AND (" + where + ")";
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from); ResultSet rs = ps.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        if (count == 0) {
            return null;
        }
        String key = t.hasPrimaryKey() ? d.columnList(t.primaryKey()) : "NULL";
        String text = source == Engine.POSTGRESQL ? q + "::text" : "CAST(" + q + " AS CHAR)";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + text + ", " + key + from + " LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            StringBuilder ex = new StringBuilder(Values.show(rs.getString(1)));
            if (t.hasPrimaryKey()) {
                ex.append(" at ");
                for (int i = 0; i < t.primaryKey().size(); i++) {
                    ex.append(i > 0 ? ", " : "").append(t.primaryKey().get(i)).append('=').append(rs.getString(i + 2));
                }
            }
            return new Found(loss, count, ex.toString());
        }
    }

    /** The WHERE condition of a kind of loss; {@code q} is the column as the reader reads it. */
    private static String condition(Engine source, Column col, TargetType type, ValueLoss loss, String q) {
        boolean pg = source == Engine.POSTGRESQL;
        boolean dbl = col.kind() == SqlKind.FLOAT32 || col.kind() == SqlKind.FLOAT64;
        return switch (loss) {
            case ZERO_DATE -> pg ? null : "LEFT(" + q + ", 4) = '0000' OR SUBSTRING(" + q + ", 6, 2) = '00'"
                    + " OR SUBSTRING(" + q + ", 9, 2) = '00'";
            case TIME_OUT_OF_RANGE -> pg ? null : q + " < '00:00:00' OR " + q + " > '24:00:00'";
            case NUL_CHARACTER -> pg ? null : "INSTR(" + q + ", CHAR(0)) > 0";
            case INFINITY -> pg ? "NOT isfinite(" + q + ")" : null;
            case DATE_OUT_OF_RANGE -> pg ? "isfinite(" + q + ") AND (" + q + "::text LIKE '% BC' OR " + q
                    + "::text ~ '^[0-9]{5}')" : null;
            case NOT_A_NUMBER -> pg ? q + "::text IN ('NaN', 'Infinity', '-Infinity')" : null;
            case NEGATIVE_ZERO -> pg && dbl ? q + "::text = '-0'" : null;
            case DECIMAL_OUT_OF_RANGE -> pg && col.kind() == SqlKind.DECIMAL ? decimalCondition(type.ddl(), q) : null;
        };
    }

    /** numeric values that would not fit DECIMAL(p,s) exactly: more fraction digits, or too many integer digits. */
    private static String decimalCondition(String ddl, String q) {
        Matcher m = PRECISION.matcher(ddl);
        int p = 10;
        int s = 0;
        if (m.find()) {
            p = Integer.parseInt(m.group(1));
            s = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        }
        String finite = q + "::text NOT IN ('NaN', 'Infinity', '-Infinity')";
        return finite + " AND (" + q + " <> round(" + q + ", " + s + ") OR abs(" + q + ") >= 1e" + (p - s) + ")";
    }
}
