package dev.sluice.jdbc;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Structure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads a source structure: the requested tables (all base tables when none are named) with their types. */
public interface Catalog {

    /**
     * Reads the tables. A named table that does not exist fails with a message listing what does exist.
     */
    Structure read(Connection c, ConnectionUrl url, List<TableSpec> tables) throws SQLException;

    /** Base table names in the schema, for listing and error messages. */
    List<String> tableNames(Connection c, String schema) throws SQLException;

    static Catalog of(Engine e) {
        return e == Engine.POSTGRESQL ? new PostgresCatalog() : new MySqlCatalog();
    }

    /** The error for a table that is not there. */
    static DatabaseException missingTable(String table, ConnectionUrl url, List<String> existing) {
        String list = existing.isEmpty() ? "it has no tables" : "tables there: " + String.join(", ",
                existing.size() > 30 ? existing.subList(0, 30) : existing) + (existing.size() > 30 ? ", ..." : "");
        return new DatabaseException("table '" + table + "' does not exist in " + url.engine().name().toLowerCase()
                + " " + url.host() + ":" + url.port() + "/" + url.database()
                + (url.engine() == Engine.POSTGRESQL ? " schema " + url.schema() : "") + " (" + list + ")", false, null);
    }
}
