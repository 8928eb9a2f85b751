package dev.sluice.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Creates the sample database of {@code sluice demo} in MariaDB/MySQL: a small web shop with eight
 * tables (countries, categories, customers, products, orders, order_items, reviews, page_views)
 * whose values exercise what a migration must carry exactly: unsigned integers, DECIMAL, DOUBLE,
 * FLOAT, CHAR, non-ASCII VARCHAR, multi-line TEXT, binary, DATE, DATETIME(6), TIMESTAMP, ENUM,
 * BOOLEAN and NULLs; a natural string key, a composite key, a table without a key (holding exact
 * duplicates), unique, non-unique and multi-column indexes, and foreign keys including a
 * self-reference.
 *
 * <p>The data is generated from a fixed seed and fixed dates, so two runs at the same scale give
 * identical rows. Rows go in as multi-row INSERTs of 1,000 rows with bound parameters, committed
 * every 10,000 rows.
 */
public final class DemoDatabase {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    /** Strict, so a value that does not fit fails instead of being clipped. */
    private static final String SQL_MODE =
            "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    /** TIMESTAMP values are written in UTC so they do not depend on the server's time zone. */
    private static final String TIME_ZONE = "+00:00";

    private DemoDatabase() {
    }

    /**
     * Drops and recreates database {@code name}, creates the schema, fills it deterministically
     * (fixed seed) and returns per-table row counts in creation order. scale=1.0 gives ~300k rows
     * total.
     *
     * <p>The connection must be to the server (any or no default database) with a user allowed to
     * drop and create databases, and must not be inside an open transaction. Its auto-commit,
     * {@code time_zone} and {@code sql_mode} are restored before returning; its default database is
     * not changed (every statement names the database).
     *
     * @param serverConnection a MariaDB or MySQL connection
     * @param name database to (re)create: 1 to 64 ASCII letters, digits or underscores
     * @param scale 1.0 for about 300,000 rows; counts scale linearly, with a few rows minimum per table
     * @param progress receives one line per filled table, e.g. {@code "demo: order_items 180000 rows"};
     *     may be null
     * @return rows written per table, in creation order (unmodifiable)
     * @throws IllegalArgumentException if the name or scale is invalid
     * @throws SQLException if the server refuses a statement; the message names the table
     */
    public static Map<String, Long> create(Connection serverConnection, String name, double scale,
            Consumer<String> progress) throws SQLException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("demo database name must be 1 to 64 ASCII letters, digits"
                    + " or underscores (for example sluice_demo), got '" + name + "'");
        }
        DemoPlan plan = DemoPlan.of(scale);
        Objects.requireNonNull(serverConnection, "serverConnection");
        Consumer<String> report = progress == null ? line -> { } : progress;
        String db = "`" + name + "`";

        Connection c = serverConnection;
        boolean autoCommit = c.getAutoCommit();
        String[] session = readSession(c);
        Throwable failure = null;
        try {
            c.setAutoCommit(true);
            writeSession(c, TIME_ZONE, SQL_MODE);
            createSchema(c, name, db);
            c.setAutoCommit(false);

            DemoCatalogRows catalog = new DemoCatalogRows(c, db, plan);
            DemoSalesRows sales = new DemoSalesRows(c, db, plan);
            Map<String, Long> counts = new LinkedHashMap<>();
            fill(c, counts, "countries", catalog::countries, report);
            fill(c, counts, "categories", catalog::categories, report);
            fill(c, counts, "customers", catalog::customers, report);
            fill(c, counts, "products", catalog::products, report);
            fill(c, counts, "orders", sales::orders, report);
            fill(c, counts, "order_items", sales::orderItems, report);
            fill(c, counts, "reviews", sales::reviews, report);
            fill(c, counts, "page_views", sales::pageViews, report);
            return Collections.unmodifiableMap(counts);
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            restore(c, autoCommit, session, failure);
        }
    }

    @FunctionalInterface
    private interface TableFill {
        long rows() throws SQLException;
    }

    private static void createSchema(Connection c, String name, String db) throws SQLException {
        String current = "dropping database " + db;
        try (Statement statement = c.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + db);
            current = "creating database " + db;
            statement.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            for (String table : DemoSchema.tables()) {
                current = "creating table " + name + "." + table;
                statement.execute(DemoSchema.createTable(table, db));
            }
        } catch (SQLException e) {
            throw new SQLException("demo: " + current + " failed: " + e.getMessage()
                    + " (check that the user may DROP and CREATE databases)", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private static void fill(Connection c, Map<String, Long> counts, String table, TableFill fill,
            Consumer<String> report) throws SQLException {
        long rows;
        try {
            rows = fill.rows();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new SQLException("demo: filling table " + table + " failed: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
        counts.put(table, rows);
        report.accept("demo: " + table + " " + rows + " rows");
    }

    private static String[] readSession(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@session.time_zone, @@session.sql_mode")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static void writeSession(Connection c, String timeZone, String sqlMode) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("SET SESSION time_zone = ?, sql_mode = ?")) {
            statement.setString(1, timeZone);
            statement.setString(2, sqlMode);
            statement.execute();
        }
    }

    private static void restore(Connection c, boolean autoCommit, String[] session, Throwable failure)
            throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                c.rollback(); // nothing pending after a success; drops a half-written batch after a failure
            }
            c.setAutoCommit(autoCommit);
            writeSession(c, session[0], session[1]);
        } catch (SQLException e) {
            if (failure == null) {
                throw new SQLException("demo: could not restore the connection's session settings: "
                        + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            failure.addSuppressed(e);
        }
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
