package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.ForeignKey;
import dev.sluice.core.model.Index;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.types.TargetType;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SQL for one engine: quoting, DDL of target tables, indexes, keys, sequences and the fence table. Generic
 * parts live here; each engine overrides what differs. One place ({@link #targetColumns}) decides column
 * order; readers and sinks reuse it.
 */
public abstract class Dialect {
    /** The fence table in the target: one row per applied batch key, written in the batch's own transaction. */
    public static final String FENCE_TABLE = "_sluice_fence";

    public static Dialect of(Engine e) {
        return e == Engine.POSTGRESQL ? PostgresDialect.INSTANCE : MySqlDialect.INSTANCE;
    }

    public abstract Engine engine();

    public abstract String quote(String identifier);

    public String qualified(String schema, String table) {
        return schema == null || schema.isEmpty() ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** Statements that create the table (without secondary indexes or foreign keys). */
    public abstract List<String> createTable(Structure structure, Table source, String targetSchema, CastRules rules,
                                             Consumer<String> notes);

    /** Statements that create user types the tables need (PostgreSQL enums and domains); empty elsewhere. */
    public List<String> createTypes(Structure structure, String targetSchema) {
        return List.of();
    }

    /** Secondary indexes of a table, translated; what cannot be translated is reported through {@code notes}. */
    public abstract List<String> createIndexes(Structure structure, Table source, String targetSchema, CastRules rules,
                                               Consumer<String> notes);

    public List<String> addForeignKeys(Table source, String targetSchema) {
        List<String> out = new ArrayList<>();
        for (ForeignKey fk : source.foreignKeys()) {
            out.add("ALTER TABLE " + qualified(targetSchema, source.name()) + " ADD CONSTRAINT " + quote(fk.name())
                    + " FOREIGN KEY (" + columnList(fk.columns()) + ") REFERENCES "
                    + qualified(targetSchema, fk.refTable()) + " (" + columnList(fk.refColumns()) + ")"
                    + rule(" ON DELETE ", fk.onDelete()) + rule(" ON UPDATE ", fk.onUpdate()));
        }
        return out;
    }

    /** Moves sequences / AUTO_INCREMENT past the largest copied key. */
    public abstract void resetIdentity(Connection c, Table source, String targetSchema) throws SQLException;

    public abstract boolean tableExists(Connection c, String schema, String table) throws SQLException;

    /**
     * Drops one of Sluice's bookkeeping tables (fence, positions, change and refusal records) once no stream
     * has rows in it any more; true when it was dropped. Does nothing when the table is not there.
     */
    public boolean dropIfEmpty(Connection c, String schema, String table) throws SQLException {
        if (!tableExists(c, schema, table)) {
            return false;
        }
        String q = qualified(schema, table);
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT 1 FROM " + q + " LIMIT 1")) {
            if (rs.next()) {
                return false; // another stream still uses it
            }
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + q);
        }
        return true;
    }

    public String dropTable(String schema, String table) {
        return "DROP TABLE IF EXISTS " + qualified(schema, table);
    }

    public String truncateTable(String schema, String table) {
        return "TRUNCATE TABLE " + qualified(schema, table);
    }

    public abstract String createFenceTable(String schema);

    /** INSERT of one fence row: parameters stream id, batch key digest. */
    public String insertFence(String schema) {
        return insertFence(schema, 1);
    }

    /** INSERT of {@code rows} fence rows: parameters stream id and batch key digest per row. */
    public String insertFence(String schema, int rows) {
        StringBuilder sb = new StringBuilder("INSERT INTO " + qualified(schema, FENCE_TABLE) + " (stream_id, batch_key) VALUES ");
        for (int i = 0; i < rows; i++) {
            sb.append(i > 0 ? ", " : "").append("(?, ?)");
        }
        return sb.toString();
    }

    /** Whether a SQL failure is the fence's unique key rejecting an already-applied batch. */
    public abstract boolean isUniqueViolation(SQLException e);

    /** The expression that reads a source column so its wire form results (e.g. WKB for geometry). */
    public String readExpression(Column c) {
        return quote(c.name());
    }

    public String columnList(List<String> cols) {
        StringBuilder sb = new StringBuilder();
        for (String c : cols) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(quote(c));
        }
        return sb.toString();
    }

    /** Target column types in source column order. */
    public static List<TargetType> targetColumns(Table source, CastRules rules) {
        List<TargetType> out = new ArrayList<>(source.columns().size());
        for (Column c : source.columns()) {
            out.add(rules.map(c));
        }
        return out;
    }

    /** A target-unique index name: kept when unique in the structure, else prefixed with the table. */
    protected static String indexName(Structure s, Table t, Index i, int maxLen) {
        long same = s.tables().stream().flatMap(x -> x.indexes().stream()).filter(x -> x.name().equals(i.name())).count();
        String n = same > 1 || isTableName(s, i.name()) ? t.name() + "_" + i.name() : i.name();
        return n.length() > maxLen ? n.substring(0, maxLen) : n;
    }

    private static boolean isTableName(Structure s, String n) {
        return s.tables().stream().anyMatch(t -> t.name().equals(n));
    }

    private static String rule(String prefix, String r) {
        if (r == null || r.isEmpty() || r.equalsIgnoreCase("NO ACTION")) {
            return "";
        }
        return prefix + r;
    }
}
