package dev.sluice.jdbc;

import dev.sluice.core.model.SqlKind;

/** PostgreSQL information_schema data types to kinds. */
final class PostgresTypes {
    private PostgresTypes() {
    }

    static SqlKind kind(String dataType, String typtype) {
        return kind(dataType, typtype, null);
    }

    /** @param typname the type's own name, which tells extension types apart (PostGIS {@code geometry}) */
    static SqlKind kind(String dataType, String typtype, String typname) {
        if ("e".equals(typtype)) {
            return SqlKind.ENUM;
        }
        if ("USER-DEFINED".equals(dataType) && "geometry".equals(typname)) {
            return SqlKind.GEOMETRY;
        }
        switch (dataType) {
            case "smallint": return SqlKind.INT16;
            case "integer": return SqlKind.INT32;
            case "bigint": return SqlKind.INT64;
            case "numeric": case "money": return SqlKind.DECIMAL;
            case "real": return SqlKind.FLOAT32;
            case "double precision": return SqlKind.FLOAT64;
            case "boolean": return SqlKind.BOOLEAN;
            case "character": return SqlKind.CHAR;
            case "character varying": return SqlKind.VARCHAR;
            case "text": return SqlKind.TEXT;
            case "bytea": return SqlKind.BLOB;
            case "date": return SqlKind.DATE;
            case "time without time zone": return SqlKind.TIME;
            case "timestamp without time zone": return SqlKind.TIMESTAMP;
            case "timestamp with time zone": return SqlKind.TIMESTAMPTZ;
            case "json": case "jsonb": return SqlKind.JSON;
            case "uuid": return SqlKind.UUID;
            case "bit": return SqlKind.BIT;
            case "ARRAY": return SqlKind.ARRAY;
            default: return SqlKind.OTHER;
        }
    }
}
