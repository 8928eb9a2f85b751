package dev.sluice.jdbc;

import dev.sluice.core.model.SqlKind;

import java.util.ArrayList;
import java.util.List;

/** MySQL/MariaDB type names to kinds, ENUM/SET labels and default normalisation. */
final class MySqlTypes {
    private MySqlTypes() {
    }

    static SqlKind kind(String dataType, boolean unsigned) {
        switch (dataType) {
            case "tinyint": return SqlKind.INT8;
            case "bool": case "boolean": return SqlKind.INT8;
            case "smallint": return SqlKind.INT16;
            case "mediumint": return SqlKind.INT24;
            case "int": case "integer": return SqlKind.INT32;
            case "bigint": return unsigned ? SqlKind.UINT64 : SqlKind.INT64;
            case "decimal": case "numeric": return SqlKind.DECIMAL;
            case "float": return SqlKind.FLOAT32;
            case "double": case "real": return SqlKind.FLOAT64;
            case "char": return SqlKind.CHAR;
            case "varchar": return SqlKind.VARCHAR;
            case "tinytext": case "text": case "mediumtext": case "longtext": return SqlKind.TEXT;
            case "binary": return SqlKind.BINARY;
            case "varbinary": return SqlKind.VARBINARY;
            case "tinyblob": case "blob": case "mediumblob": case "longblob": return SqlKind.BLOB;
            case "date": return SqlKind.DATE;
            case "datetime": return SqlKind.TIMESTAMP;
            case "timestamp": return SqlKind.TIMESTAMPTZ;
            case "time": return SqlKind.TIME;
            case "year": return SqlKind.YEAR;
            case "enum": return SqlKind.ENUM;
            case "set": return SqlKind.SET;
            case "json": return SqlKind.JSON;
            case "bit": return SqlKind.BIT;
            case "uuid": return SqlKind.UUID;
            case "geometry": case "point": case "linestring": case "polygon": case "multipoint":
            case "multilinestring": case "multipolygon": case "geometrycollection": case "geomcollection":
                return SqlKind.GEOMETRY;
            default: return SqlKind.OTHER;
        }
    }

    /** Labels of {@code enum('a','b''c')} or {@code set(...)}. */
    static List<String> labels(String columnType) {
        List<String> out = new ArrayList<>();
        int open = columnType.indexOf('(');
        int i = open + 1;
        while (i > 0 && i < columnType.length()) {
            if (columnType.charAt(i) != '\'') {
                i++;
                continue;
            }
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < columnType.length()) {
                char ch = columnType.charAt(i);
                if (ch == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                } else if (ch == '\\' && i + 1 < columnType.length()) {
                    sb.append(columnType.charAt(i + 1));
                    i += 2;
                } else if (ch == '\'') {
                    i++;
                    break;
                } else {
                    sb.append(ch);
                    i++;
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * A default as SQL text: MariaDB shows literals quoted and {@code NULL} for DEFAULT NULL; MySQL 8 shows
     * literals bare and marks expressions DEFAULT_GENERATED.
     */
    static String normalizeDefault(String d, SqlKind kind, boolean mariadb, String extra) {
        if (d == null || d.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (mariadb) {
            return d;
        }
        if (extra.contains("default_generated") || d.toLowerCase().startsWith("current_timestamp")) {
            return d;
        }
        boolean numeric = kind.isInteger() || kind == SqlKind.DECIMAL || kind == SqlKind.FLOAT32
                || kind == SqlKind.FLOAT64 || kind == SqlKind.UINT64 || kind == SqlKind.YEAR;
        return numeric ? d : "'" + d.replace("'", "''") + "'";
    }
}
