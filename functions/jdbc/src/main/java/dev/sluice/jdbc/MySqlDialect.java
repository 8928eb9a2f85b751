package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Index;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** MySQL and MariaDB: InnoDB, utf8mb4, AUTO_INCREMENT, prefix lengths for indexed TEXT/BLOB columns. */
public final class MySqlDialect extends Dialect {
    public static final MySqlDialect INSTANCE = new MySqlDialect();
    /** Characters of an indexed TEXT/BLOB column that go into the key (utf8mb4: 4 x 768 = 3072 bytes max). */
    static final int TEXT_KEY_PREFIX = 255;
    private static final int MAX_IDENT = 64;

    private MySqlDialect() {
    }

    @Override
    public Engine engine() {
        return Engine.MARIADB;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public List<String> createTable(Structure s, Table t, String targetSchema, CastRules rules, Consumer<String> notes) {
        List<TargetType> types = targetColumns(t, rules);
        boolean same = s.sourceEngine().isMySqlFamily();
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(qualified(targetSchema, t.name())).append(" (");
        for (int i = 0; i < t.columns().size(); i++) {
            Column c = t.columns().get(i);
            String ddl = types.get(i).ddl();
            sb.append(i > 0 ? ", " : "").append(quote(c.name())).append(' ').append(ddl);
            if (same && !c.extra().isEmpty()) {
                String charset = extraPart(c.extra(), "charset");
                if (charset != null) {
                    sb.append(' ').append(charset);
                }
            }
            if (types.get(i).conversion() == Conversion.GENERATED) {
                sb.append(" GENERATED ALWAYS AS (").append(c.generation()).append(c.isStoredGeneration() ? ") STORED"
                        : ") VIRTUAL");
                continue;
            }
            StructureNotes.column(s, t, c, types.get(i), same, notes);
            sb.append(c.nullable() ? " NULL" : " NOT NULL");
            if (c.autoIncrement()) {
                sb.append(" AUTO_INCREMENT");
            } else {
                sb.append(Defaults.clause(c, s.sourceEngine(), Engine.MARIADB, ddl, t.name(), notes));
            }
            if (same) {
                String onUpdate = extraPart(c.extra(), "onupdate");
                if (onUpdate != null) {
                    sb.append(' ').append(onUpdate);
                }
            }
        }
        if (t.hasPrimaryKey()) {
            sb.append(", PRIMARY KEY (").append(keyParts(t, t.primaryKey(), types, notes, "primary key")).append(')');
        }
        autoIncrementKeyIfNeeded(t, sb);
        sb.append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        StructureNotes.table(t, notes);
        return List.of(sb.toString());
    }

    /** MySQL demands that an AUTO_INCREMENT column leads some key; add one when the source key does not. */
    private void autoIncrementKeyIfNeeded(Table t, StringBuilder sb) {
        for (Column c : t.columns()) {
            if (c.autoIncrement() && (t.primaryKey().isEmpty() || !t.primaryKey().get(0).equals(c.name()))) {
                sb.append(", KEY ").append(quote("sluice_ai_" + c.name())).append(" (").append(quote(c.name())).append(')');
            }
        }
    }

    /**
     * Catalog extras are {@code key=value} pairs separated by {@code ;}: {@code charset=CHARACTER SET x COLLATE y},
     * {@code onupdate=ON UPDATE current_timestamp()}.
     */
    static String extraPart(String extra, String key) {
        for (String part : extra.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(key)) {
                return part.substring(eq + 1);
            }
        }
        return null;
    }

    private String keyParts(Table t, List<String> cols, List<TargetType> types, Consumer<String> notes, String what) {
        StringBuilder sb = new StringBuilder();
        for (String col : cols) {
            int idx = t.columnIndex(col);
            String ddl = idx >= 0 ? types.get(idx).ddl().toLowerCase() : "";
            sb.append(sb.length() > 0 ? ", " : "").append(quote(col));
            if (ddl.endsWith("text") || ddl.endsWith("blob") || ddl.equals("json")) {
                sb.append('(').append(TEXT_KEY_PREFIX).append(')');
                notes.accept(t.name() + ": " + what + " column " + col + " is " + ddl + " on MySQL; its key uses the"
                        + " first " + TEXT_KEY_PREFIX + " characters");
            }
        }
        return sb.toString();
    }

    @Override
    public List<String> createIndexes(Structure s, Table t, String targetSchema, CastRules rules, Consumer<String> notes) {
        List<String> out = new ArrayList<>();
        List<TargetType> types = targetColumns(t, rules);
        boolean fromMy = s.sourceEngine().isMySqlFamily();
        for (Index i : t.indexes()) {
            String method = i.method() == null ? "BTREE" : i.method().toUpperCase();
            if (i.expression() || i.columns().isEmpty()) {
                notes.accept(t.name() + ": index " + i.name() + " uses expressions or a predicate and was not created"
                        + (i.definition() != null ? " (source: " + i.definition() + ")" : ""));
                continue;
            }
            String kind = "";
            if (fromMy && (method.equals("FULLTEXT") || method.equals("SPATIAL"))) {
                kind = method + " ";
            } else if (!fromMy && !method.equals("BTREE") && !method.equals("HASH")) {
                notes.accept(t.name() + ": " + method + " index " + i.name() + " has no MySQL equivalent and was not"
                        + " created");
                continue;
            }
            String cols = kind.isEmpty() ? keyParts(t, i.columns(), types, notes, "index " + i.name())
                    : columnList(i.columns());
            out.add("CREATE " + (i.unique() ? "UNIQUE " : "") + kind + "INDEX " + quote(indexName(s, t, i, MAX_IDENT))
                    + " ON " + qualified(targetSchema, t.name()) + " (" + cols + ")");
        }
        return out;
    }

    @Override
    public void resetIdentity(Connection c, Table t, String targetSchema) throws SQLException {
        for (Column col : t.columns()) {
            if (!col.autoIncrement()) {
                continue;
            }
            String tbl = qualified(targetSchema, t.name());
            long next;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + quote(col.name()) + "), 0) + 1 FROM " + tbl)) {
                rs.next();
                next = rs.getLong(1);
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + tbl + " AUTO_INCREMENT = " + next);
            }
        }
    }

    @Override
    public boolean tableExists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String createFenceTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, FENCE_TABLE)
                + " (stream_id varchar(64) NOT NULL, batch_key char(32) NOT NULL,"
                + " applied_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (stream_id, batch_key))"
                + " ENGINE=InnoDB";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e.getErrorCode() == 1062; // ER_DUP_ENTRY
    }

    @Override
    public String readExpression(Column c) {
        if (c.kind() == SqlKind.BIT) {
            return "BIN(" + quote(c.name()) + ")";
        }
        if (c.kind() == SqlKind.TIMESTAMP || c.kind() == SqlKind.TIMESTAMPTZ || c.kind() == SqlKind.TIME
                || c.kind() == SqlKind.DATE) {
            // the server's own text: MariaDB Connector/J 3.5 prints DATETIME(3) .070 as .70000 (a silent change),
            // and it parses every DATE through a Calendar only to print it again
            return "CAST(" + quote(c.name()) + " AS CHAR)";
        }
        if (c.kind() == SqlKind.FLOAT32) {
            // the text protocol prints FLOAT with 6 digits; as DOUBLE it is the float's exact value
            return "CAST(" + quote(c.name()) + " AS DOUBLE)";
        }
        return quote(c.name());
    }
}
