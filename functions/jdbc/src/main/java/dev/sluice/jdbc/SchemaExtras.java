package dev.sluice.jdbc;

import dev.sluice.core.model.Check;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.model.View;

import java.util.ArrayList;
import java.util.List;

/**
 * Schema objects created once the data is in, each on its own: CHECK constraints and ON UPDATE
 * CURRENT_TIMESTAMP triggers after a table, views after all tables. Same-engine copies take them verbatim;
 * across engines the SQL is rewritten mechanically ({@link SqlTranslate}) and, when the target still refuses
 * it, the object is reported with its source SQL instead of failing the stream.
 */
public final class SchemaExtras {

    /**
     * One statement.
     *
     * @param sql     what runs on the target
     * @param what    the object, for a report line when the target refuses it
     * @param created a report line when it was created (a translation the user should know of), or null
     */
    public record Ddl(String sql, String what, String created) {
    }

    private SchemaExtras() {
    }

    /** CHECK constraints and ON UPDATE triggers of one table. */
    public static List<Ddl> afterTable(Structure s, Table t, Engine target, String schema) {
        Dialect d = Dialect.of(target);
        boolean fromMy = s.sourceEngine().isMySqlFamily();
        boolean toMy = target.isMySqlFamily();
        List<Ddl> out = new ArrayList<>();
        for (Check c : t.checks()) {
            String clause = fromMy == toMy ? c.clause() : SqlTranslate.expression(c.clause(), fromMy, toMy, null);
            out.add(new Ddl("ALTER TABLE " + d.qualified(schema, t.name()) + " ADD CONSTRAINT " + d.quote(c.name())
                    + " CHECK (" + clause + ")", "CHECK constraint " + c.name() + " of " + t.name() + " ("
                    + c.clause() + ")", fromMy == toMy || clause.equals(c.clause()) ? null
                    : t.name() + ": CHECK constraint " + c.name() + " translated to CHECK (" + clause + ")"));
        }
        if (fromMy && !toMy) {
            out.addAll(onUpdateTrigger(t, schema));
        }
        return out;
    }

    /** MySQL's ON UPDATE CURRENT_TIMESTAMP as a PostgreSQL trigger that sets the column when the row changes. */
    static List<Ddl> onUpdateTrigger(Table t, String schema) {
        Dialect d = PostgresDialect.INSTANCE;
        StringBuilder body = new StringBuilder();
        List<String> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            if (c.extra().toLowerCase().contains("on update")) {
                String q = d.quote(c.name());
                body.append(" IF NEW.").append(q).append(" IS NOT DISTINCT FROM OLD.").append(q).append(" THEN NEW.")
                        .append(q).append(" := CURRENT_TIMESTAMP; END IF;");
                cols.add(c.name());
            }
        }
        if (cols.isEmpty()) {
            return List.of();
        }
        String name = "sluice_on_update_" + t.name();
        name = name.length() > 63 ? name.substring(0, 63) : name;
        String fn = d.qualified(schema, name);
        String what = "ON UPDATE CURRENT_TIMESTAMP of " + t.name() + "." + String.join(", ", cols);
        return List.of(
                new Ddl("CREATE OR REPLACE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $sluice$ BEGIN"
                        + " IF NEW IS DISTINCT FROM OLD THEN" + body + " END IF; RETURN NEW; END $sluice$",
                        what + " (trigger function)", null),
                new Ddl("CREATE TRIGGER " + d.quote(name) + " BEFORE UPDATE ON " + d.qualified(schema, t.name())
                        + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()", what + " (trigger)",
                        t.name() + "." + String.join(", ", cols) + ": ON UPDATE CURRENT_TIMESTAMP recreated as trigger "
                                + name + " (sets the column to now when a row changes and the update leaves it alone)"));
    }

    /** The source's views, in name order (the caller retries those that need a view created later). */
    public static List<Ddl> views(Structure s, Engine target, String schema, String sourceSchema) {
        Dialect d = Dialect.of(target);
        boolean fromMy = s.sourceEngine().isMySqlFamily();
        boolean toMy = target.isMySqlFamily();
        List<Ddl> out = new ArrayList<>();
        for (View v : s.views()) {
            String def = fromMy || fromMy != toMy ? SqlTranslate.expression(v.definition(), fromMy, toMy,
                    fromMy ? sourceSchema : null) : v.definition();
            out.add(new Ddl("CREATE VIEW " + d.qualified(schema, v.name()) + " AS " + def, "view " + v.name()
                    + " (source SQL: " + v.definition() + ")", fromMy == toMy ? null
                    : "view " + v.name() + " translated from " + StructureNotes.name(s) + " SQL"));
        }
        return out;
    }
}
