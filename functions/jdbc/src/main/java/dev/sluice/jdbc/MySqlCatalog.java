package dev.sluice.jdbc;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.ForeignKey;
import dev.sluice.core.model.Index;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** MySQL/MariaDB catalog from information_schema. */
final class MySqlCatalog implements Catalog {

    @Override
    public List<String> tableNames(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public Structure read(Connection c, ConnectionUrl url, List<TableSpec> specs) throws SQLException {
        String db = url.database();
        boolean mariadb;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            mariadb = rs.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
        }
        List<String> existing = tableNames(c, db);
        List<TableSpec> wanted = new ArrayList<>();
        if (specs.isEmpty()) {
            existing.forEach(n -> wanted.add(new TableSpec(n, null)));
        } else {
            for (TableSpec s : specs) {
                if (s.query() == null && !existing.contains(s.name())) {
                    throw Catalog.missingTable(s.name(), url, existing);
                }
                wanted.add(s);
            }
        }
        List<Table> tables = new ArrayList<>();
        for (TableSpec s : wanted) {
            if (s.query() != null) {
                tables.add(QueryTables.describe(c, Engine.MARIADB, s));
            } else {
                tables.add(table(c, db, s.name(), mariadb));
            }
        }
        return new Structure(mariadb ? Engine.MARIADB : Engine.MYSQL, tables, List.of(),
                specs.isEmpty() ? MySqlSchemaObjects.views(c, db) : List.of());
    }

    private Table table(Connection c, String db, String name, boolean mariadb) throws SQLException {
        Set<String> jsonCols = mariadb ? jsonChecks(c, db, name) : Set.of();
        List<Column> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE,"
                + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE,"
                + " COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, GENERATION_EXPRESSION"
                + " FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(column(rs, mariadb, jsonCols));
                }
            }
        }
        List<String> pk = new ArrayList<>();
        Map<String, List<Object[]>> idx = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_TYPE, SUB_PART"
                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, db);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String in = rs.getString(1);
                    if (in.equals("PRIMARY")) {
                        pk.add(rs.getString(3));
                    } else {
                        idx.computeIfAbsent(in, k -> new ArrayList<>()).add(new Object[] {rs.getInt(2) == 0,
                                rs.getString(3), rs.getString(4)});
                    }
                }
            }
        }
        List<Index> indexes = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> e : idx.entrySet()) {
            List<String> ic = new ArrayList<>();
            boolean expr = false;
            for (Object[] r : e.getValue()) {
                if (r[1] == null) {
                    expr = true;
                } else {
                    ic.add((String) r[1]);
                }
            }
            Object[] first = e.getValue().get(0);
            indexes.add(new Index(e.getKey(), ic, (Boolean) first[0], (String) first[2], null, expr));
        }
        return new Table(db, name, cols, pk, indexes, foreignKeys(c, db, name), estimate(c, db, name), null,
                MySqlSchemaObjects.checks(c, db, name, mariadb, jsonCols), MySqlSchemaObjects.partitioning(c, db, name),
                null);
    }

    private static Column column(ResultSet rs, boolean mariadb, Set<String> jsonCols) throws SQLException {
        String name = rs.getString(1);
        String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
        String colType = rs.getString(3);
        boolean unsigned = colType.toLowerCase(Locale.ROOT).contains("unsigned");
        long charLen = rs.getLong(4);
        int prec = rs.getObject(5) == null ? -1 : rs.getInt(5);
        int scale = rs.getObject(6) == null ? -1 : rs.getInt(6);
        int dtPrec = rs.getObject(7) == null ? -1 : rs.getInt(7);
        boolean nullable = "YES".equals(rs.getString(8));
        String dflt = rs.getString(9);
        String extra = rs.getString(10) == null ? "" : rs.getString(10).toLowerCase(Locale.ROOT);
        String charset = rs.getString(11);
        String collation = rs.getString(12);
        SqlKind kind = jsonCols.contains(name) ? SqlKind.JSON : MySqlTypes.kind(dataType, unsigned);
        String nativeType = kind == SqlKind.JSON ? "json" : colType;
        long length = kind == SqlKind.BIT ? prec : charLen;
        int precision = kind.isTemporal() ? dtPrec : kind == SqlKind.DECIMAL ? prec : -1;
        List<String> labels = (kind == SqlKind.ENUM || kind == SqlKind.SET) ? MySqlTypes.labels(colType) : List.of();
        StringBuilder ex = new StringBuilder();
        if (charset != null && kind != SqlKind.JSON) {
            ex.append("charset=CHARACTER SET ").append(charset).append(" COLLATE ").append(collation);
        }
        int onUpdate = extra.indexOf("on update ");
        if (onUpdate >= 0) {
            ex.append(ex.length() > 0 ? ";" : "").append("onupdate=ON UPDATE ").append(extra.substring(onUpdate + 10));
        }
        if (extra.contains("generated")) {
            ex.append(ex.length() > 0 ? ";" : "").append("generated=").append(extra);
        }
        String generation = rs.getString(13);
        boolean generated = generation != null && !generation.isBlank();
        return new Column(name, nativeType, kind, length, precision, scale, unsigned, nullable,
                generated ? null : MySqlTypes.normalizeDefault(dflt, kind, mariadb, extra), extra.contains("auto_increment"),
                labels, ex.toString(), generated ? generation : null, null);
    }

    /** MariaDB's JSON is LONGTEXT with a json_valid() check: find those columns. */
    private static Set<String> jsonChecks(Connection c, String db, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(1);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^json_valid\\(`(.+)`\\)$").matcher(clause);
                    if (m.matches()) {
                        out.add(m.group(1).replace("``", "`"));
                    }
                }
            }
        }
        return out;
    }

    private static List<ForeignKey> foreignKeys(Connection c, String db, String table) throws SQLException {
        Map<String, Object[]> fks = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME,"
                + " k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE,"
                + " r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k"
                + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] f = fks.computeIfAbsent(rs.getString(1), k -> new Object[] {new ArrayList<String>(),
                            null, null, new ArrayList<String>(), null, null});
                    cast(f[0]).add(rs.getString(2));
                    f[1] = rs.getString(3);
                    f[2] = rs.getString(4);
                    cast(f[3]).add(rs.getString(5));
                    f[4] = rs.getString(6);
                    f[5] = rs.getString(7);
                }
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : fks.entrySet()) {
            Object[] f = e.getValue();
            out.add(new ForeignKey(e.getKey(), cast(f[0]), (String) f[1], (String) f[2], cast(f[3]), (String) f[4],
                    (String) f[5]));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object o) {
        return (List<String>) o;
    }

    private static long estimate(Connection c, String db, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
