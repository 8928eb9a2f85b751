package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.model.UserType;
import dev.sluice.core.types.TargetType;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * What table creation tells the user about a column or table that does not arrive as it was: values are
 * exact, but a definition (generation expression, display width, domain check, partitioning, spatial type)
 * is not recreated. Said once, at PREPARE, in the stream's report.
 */
final class StructureNotes {
    private StructureNotes() {
    }

    /** @param same source and target are the same engine */
    static void column(Structure s, Table t, Column c, TargetType type, boolean same, Consumer<String> notes) {
        String where = t.name() + "." + c.name() + ": ";
        if (c.isGenerated() && !same) {
            notes.accept(where + "generated column (" + c.generation() + ") arrives as a plain column holding the"
                    + " copied values: its expression is " + name(s) + " SQL and was not recreated");
        }
        if (!same && c.nativeType().toLowerCase(Locale.ROOT).contains("zerofill")) {
            notes.accept(where + "ZEROFILL is a display format and was not kept: values are exact (" + c.nativeType()
                    + " -> " + type.ddl() + ")");
        }
        if (!same && c.kind() == SqlKind.GEOMETRY && type.ddl().equalsIgnoreCase("bytea")) {
            notes.accept(where + c.nativeType() + " values are kept as WKB in bytea (EWKB when they have an SRID);"
                    + " with PostGIS, ALTER the column to geometry USING ST_GeomFromEWKB(" + c.name() + ")");
        }
        if (!same) {
            for (UserType u : s.userTypes()) {
                if (u.kind() == UserType.Kind.DOMAIN && c.nativeType().equals(u.name()) && !u.checks().isEmpty()) {
                    notes.accept(where + "domain " + u.name() + " becomes " + type.ddl() + "; its "
                            + String.join(" ", u.checks()) + " is not recreated");
                }
            }
        }
    }

    static String name(Structure s) {
        return s.sourceEngine().isMySqlFamily() ? "MySQL" : "PostgreSQL";
    }

    static void table(Table t, Consumer<String> notes) {
        if (t.partitioning() != null) {
            notes.accept(t.name() + ": partitioned on the source (" + t.partitioning() + "); created as one plain table"
                    + " holding every partition's rows");
        }
    }
}
