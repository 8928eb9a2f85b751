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
import dev.sluice.core.model.UserType;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL catalog: base and partitioned tables (partitions are read through their parent), user types. */
final class PostgresCatalog implements Catalog {
    private static final Pattern CAST_LITERAL = Pattern.compile("^('(?:[^']|'')*')::[\\w\\s\".\\[\\]]+$");
    private static final Pattern NUMBER_CAST = Pattern.compile("^\\(?(-?\\d+(\\.\\d+)?)\\)?(::[\\w\\s]+)?$");

    @Override
    public List<String> tableNames(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r','p') AND NOT c.relispartition"
                + " ORDER BY c.relname")) {
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
        String schema = url.schema();
        List<String> existing = tableNames(c, schema);
        List<Table> tables = new ArrayList<>();
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
        Map<String, UserType> types = new LinkedHashMap<>();
        for (TableSpec s : wanted) {
            tables.add(s.query() != null ? QueryTables.describe(c, Engine.POSTGRESQL, s) : table(c, schema, s.name(), types));
        }
        return new Structure(Engine.POSTGRESQL, tables, new ArrayList<>(types.values()),
                specs.isEmpty() ? PostgresSchemaObjects.views(c, schema) : List.of());
    }

    private Table table(Connection c, String schema, String name, Map<String, UserType> types) throws SQLException {
        List<Column> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                + " ic.data_type, ic.character_maximum_length, ic.numeric_precision, ic.numeric_scale,"
                + " ic.datetime_precision, NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity,"
                + " t.typtype, t.typname, tn.nspname, t.oid, a.attgenerated"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                + " JOIN pg_namespace tn ON tn.oid = t.typnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " JOIN information_schema.columns ic ON ic.table_schema = n.nspname AND ic.table_name = c.relname"
                + " AND ic.column_name = a.attname"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(column(c, rs, types));
                }
            }
        }
        long oid = oid(c, schema, name);
        return new Table(schema, name, cols, primaryKey(c, oid), indexes(c, oid), foreignKeys(c, oid), estimate(c, oid),
                null, PostgresSchemaObjects.checks(c, oid), PostgresSchemaObjects.partitioning(c, oid), null);
    }

    private Column column(Connection c, ResultSet rs, Map<String, UserType> types) throws SQLException {
        String name = rs.getString(1);
        String nativeType = rs.getString(2);
        String dataType = rs.getString(3);
        long len = rs.getLong(4);
        int prec = rs.getObject(5) == null ? -1 : rs.getInt(5);
        int scale = rs.getObject(6) == null ? -1 : rs.getInt(6);
        int dtPrec = rs.getObject(7) == null ? -1 : rs.getInt(7);
        boolean nullable = rs.getBoolean(8);
        String dflt = rs.getString(9);
        String identity = rs.getString(10);
        String typtype = rs.getString(11);
        String typname = rs.getString(12);
        String typschema = rs.getString(13);
        long typoid = rs.getLong(14);
        String generated = rs.getString(15);
        List<String> labels = List.of();
        SqlKind kind = PostgresTypes.kind(dataType, typtype, typname);
        if ("e".equals(typtype)) {
            labels = enumLabels(c, typoid);
            types.putIfAbsent(typschema + "." + typname, new UserType(typschema, typname, UserType.Kind.ENUM, labels,
                    null, null));
        } else if ("d".equals(typtype)) {
            types.putIfAbsent(typschema + "." + typname, domain(c, typschema, typname, typoid));
        }
        boolean auto = identity != null && !identity.isEmpty();
        if (dflt != null && dflt.startsWith("nextval(")) {
            auto = true;
            dflt = null;
        }
        boolean isGenerated = generated != null && !generated.isEmpty();
        String extra = isGenerated ? "generated=stored" : "";
        return new Column(name, nativeType, kind, len, kind.isTemporal() ? dtPrec : prec, scale, false, nullable,
                isGenerated ? null : normalizeDefault(dflt), auto, labels, extra, isGenerated ? dflt : null, null);
    }

    static String normalizeDefault(String d) {
        if (d == null) {
            return null;
        }
        Matcher m = CAST_LITERAL.matcher(d);
        if (m.matches()) {
            return m.group(1);
        }
        Matcher n = NUMBER_CAST.matcher(d);
        if (n.matches()) {
            return n.group(1);
        }
        if (d.equalsIgnoreCase("now()") || d.equalsIgnoreCase("CURRENT_TIMESTAMP")) {
            return "CURRENT_TIMESTAMP";
        }
        return d;
    }

    private static List<String> enumLabels(Connection c, long typoid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder")) {
            ps.setLong(1, typoid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static UserType domain(Connection c, String schema, String name, long typoid) throws SQLException {
        String base;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE oid = ?")) {
            ps.setLong(1, typoid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                base = rs.getString(1);
            }
        }
        List<String> checks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = ? ORDER BY conname")) {
            ps.setLong(1, typoid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    checks.add(rs.getString(1));
                }
            }
        }
        return new UserType(schema, name, UserType.Kind.DOMAIN, null, base, checks);
    }

    private static long oid(Connection c, String schema, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> primaryKey(Connection c, long oid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i"
                + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<Index> indexes(Connection c, long oid) throws SQLException {
        List<Index> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ic.relname, i.indisunique, am.amname,"
                + " pg_get_indexdef(i.indexrelid), i.indpred IS NOT NULL OR i.indexprs IS NOT NULL,"
                + " ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
                + " WHERE i.indrelid = ? AND NOT i.indisprimary ORDER BY ic.relname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array arr = rs.getArray(6);
                    List<String> cols = List.of((String[]) arr.getArray());
                    out.add(new Index(rs.getString(1), cols, rs.getBoolean(2), rs.getString(3).toUpperCase(),
                            rs.getString(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    private static List<ForeignKey> foreignKeys(Connection c, long oid) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT con.conname, rn.nspname, rc.relname,"
                + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a"
                + "   ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o),"
                + " ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a"
                + "   ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o),"
                + " con.confdeltype, con.confupdtype FROM pg_constraint con JOIN pg_class rc ON rc.oid = con.confrelid"
                + " JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                + " WHERE con.conrelid = ? AND con.contype = 'f' AND con.conparentid = 0 ORDER BY con.conname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getString(1), List.of((String[]) rs.getArray(4).getArray()),
                            rs.getString(2), rs.getString(3), List.of((String[]) rs.getArray(5).getArray()),
                            action(rs.getString(6)), action(rs.getString(7))));
                }
            }
        }
        return out;
    }

    private static String action(String code) {
        switch (code) {
            case "r": return "RESTRICT";
            case "c": return "CASCADE";
            case "n": return "SET NULL";
            case "d": return "SET DEFAULT";
            default: return "NO ACTION";
        }
    }

    /** Row estimate; partitioned parents sum their partitions. Never-analysed tables (-1) count as 0. */
    private static long estimate(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(GREATEST(cl.reltuples, 0)), 0)::bigint"
                + " FROM pg_class cl WHERE cl.oid = ? OR cl.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = ?)")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
