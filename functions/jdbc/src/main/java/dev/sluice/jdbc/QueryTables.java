package dev.sluice.jdbc;

import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Describes a custom query's result as a table (no keys): the query runs with no rows to read its columns. */
final class QueryTables {
    private QueryTables() {
    }

    static Table describe(Connection c, Engine engine, TableSpec spec) throws SQLException {
        List<Column> cols = new ArrayList<>();
        String probe = "SELECT * FROM (" + spec.query() + ") sluice_q WHERE 1 = 0";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(probe)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String typeName = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
                boolean unsigned = typeName.contains("unsigned");
                String base = typeName.replace(" unsigned", "").trim();
                SqlKind kind = engine == Engine.POSTGRESQL ? PostgresTypes.kind(pgName(base), "b")
                        : MySqlTypes.kind(base, unsigned);
                int prec = md.getPrecision(i);
                int scale = md.getScale(i);
                long len = kind == SqlKind.CHAR || kind == SqlKind.VARCHAR ? prec : 0;
                cols.add(new Column(md.getColumnLabel(i), typeName, kind, len > 0 && len < 100_000 ? len : 0,
                        kind == SqlKind.DECIMAL ? prec : -1, kind == SqlKind.DECIMAL ? scale : -1, unsigned, true, null,
                        false, List.of(), ""));
            }
        } catch (SQLException e) {
            throw new DatabaseException("custom query for table '" + spec.name() + "' failed: "
                    + DatabaseException.firstLine(e.getMessage()), false, e);
        }
        return new Table(null, spec.name(), cols, List.of(), List.of(), List.of(), 0, spec.query());
    }

    private static String pgName(String jdbcTypeName) {
        switch (jdbcTypeName) {
            case "int2": return "smallint";
            case "int4": case "serial": return "integer";
            case "int8": case "bigserial": return "bigint";
            case "float4": return "real";
            case "float8": return "double precision";
            case "bool": return "boolean";
            case "bpchar": return "character";
            case "varchar": return "character varying";
            case "timestamp": return "timestamp without time zone";
            case "timestamptz": return "timestamp with time zone";
            case "time": return "time without time zone";
            default: return jdbcTypeName.startsWith("_") ? "ARRAY" : jdbcTypeName;
        }
    }
}
