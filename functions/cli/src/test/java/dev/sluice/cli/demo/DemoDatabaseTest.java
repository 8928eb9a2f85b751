package dev.sluice.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Creates the demo shop in the local MariaDB (127.0.0.1:3306, root, no password) at scale 0.02. */
class DemoDatabaseTest {

    private static final String URL = "jdbc:mariadb://127.0.0.1:3306/?user=root&allowLocalInfile=true";
    private static final String DB = "sluice_demo_test";
    private static final String DB_AGAIN = "sluice_demo_test_again";
    private static final List<String> TABLES = List.of("countries", "categories", "customers", "products",
            "orders", "order_items", "reviews", "page_views");

    private static Connection connection;
    private static String unavailable;
    private static Map<String, Long> counts;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void createDemo() throws SQLException {
        try {
            connection = DriverManager.getConnection(URL);
        } catch (SQLException e) {
            unavailable = "MariaDB is not reachable at 127.0.0.1:3306 as root without password, so the"
                    + " demo database test is skipped: " + e.getMessage();
            return;
        }
        counts = DemoDatabase.create(connection, DB, 0.02, progress::add);
    }

    @AfterAll
    static void dropDemo() throws SQLException {
        if (connection == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DB);
            statement.execute("DROP DATABASE IF EXISTS " + DB_AGAIN);
        } finally {
            connection.close();
        }
    }

    @Test
    void returnedCountsEqualTheRowsInEachTableInCreationOrder() throws SQLException {
        requireMariaDb();
        assertEquals(TABLES, List.copyOf(counts.keySet()));
        long total = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            assertEquals(entry.getValue(), count("SELECT COUNT(*) FROM " + DB + "." + entry.getKey()),
                    "rows in " + entry.getKey());
            assertTrue(entry.getValue() >= 8, entry.getKey() + " has only " + entry.getValue() + " rows");
            total += entry.getValue();
        }
        assertTrue(counts.get("order_items") * 2 > total, "order_items should hold over half of " + total + " rows");
        List<String> expected = new ArrayList<>();
        counts.forEach((table, rows) -> expected.add("demo: " + table + " " + rows + " rows"));
        assertEquals(expected, progress);
    }

    @Test
    void pageViewsHasNoPrimaryKeyAndExactDuplicateRows() throws SQLException {
        requireMariaDb();
        assertEquals(0, count("SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = '"
                + DB + "' AND TABLE_NAME = 'page_views' AND CONSTRAINT_TYPE = 'PRIMARY KEY'"));
        long duplicated = count("SELECT COUNT(*) FROM (SELECT 1 FROM " + DB + ".page_views GROUP BY viewed_at,"
                + " session_token, customer_id, product_id, path, referrer, country_code, http_status,"
                + " duration_ms, load_seconds HAVING COUNT(*) > 1) d");
        assertTrue(duplicated > 0, "page_views should contain fully duplicate rows");
    }

    @Test
    void foreignKeysLinkTheShopTables() throws SQLException {
        requireMariaDb();
        Set<String> links = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT TABLE_NAME, REFERENCED_TABLE_NAME"
                + " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?")) {
            statement.setString(1, DB);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    links.add(rs.getString(1) + "->" + rs.getString(2));
                }
            }
        }
        assertEquals(Set.of("categories->categories", "customers->countries", "products->categories",
                "orders->customers", "orders->countries", "order_items->orders", "order_items->products",
                "reviews->products", "reviews->customers"), links);
    }

    @Test
    void nonAsciiAndAwkwardTextRoundTrips() throws SQLException {
        requireMariaDb();
        assertEquals("日本", text("SELECT native_name FROM " + DB + ".countries WHERE code = 'JP'"));
        assertEquals("Ελλάδα", text("SELECT native_name FROM " + DB + ".countries WHERE code = 'GR'"));
        assertEquals("Côte d'Ivoire", text("SELECT name FROM " + DB + ".countries WHERE code = 'CI'"));
        assertTrue(text("SELECT name FROM " + DB + ".products WHERE id = 97").endsWith(" 🎁"));
        String description = text("SELECT description FROM " + DB + ".products WHERE description IS NOT NULL"
                + " ORDER BY id LIMIT 1");
        assertTrue(description.contains("\n\t• Material: ") && description.contains("\"wash at 30 °C\", don't")
                && description.contains("\\\\files\\products\\"), description);
        assertTrue(count("SELECT COUNT(*) FROM " + DB + ".customers WHERE full_name REGEXP '[^ -~]'") > 0,
                "some customer names should be non-ASCII");
    }

    @Test
    void orderTotalsAgreeWithTheirItems() throws SQLException {
        requireMariaDb();
        assertEquals(0, count("SELECT COUNT(*) FROM " + DB + ".orders o JOIN (SELECT order_id, COUNT(*) n,"
                + " SUM(line_total) s FROM " + DB + ".order_items GROUP BY order_id) i ON i.order_id = o.id"
                + " WHERE o.items_count <> i.n OR o.total_amount <> i.s - ROUND(i.s * o.discount_rate, 2)"));
        assertEquals(0, count("SELECT COUNT(*) FROM " + DB + ".orders o WHERE NOT EXISTS"
                + " (SELECT 1 FROM " + DB + ".order_items i WHERE i.order_id = o.id)"));
    }

    @Test
    void schemaUsesTheTypesAMigrationMustCarry() throws SQLException {
        requireMariaDb();
        Set<String> types = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT DISTINCT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?")) {
            statement.setString(1, DB);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        }
        assertTrue(types.containsAll(Set.of("tinyint", "smallint", "int", "bigint", "decimal", "double", "float",
                "char", "varchar", "text", "blob", "varbinary", "date", "datetime", "timestamp", "enum")), types.toString());
        assertTrue(count("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + DB
                + "' AND COLUMN_TYPE LIKE 'int%unsigned'") > 0, "an INT UNSIGNED column");
        assertEquals(0, count("SELECT COUNT(*) FROM " + DB + ".products WHERE rating * 4 <> FLOOR(rating * 4)"));
    }

    @Test
    void aSecondRunProducesIdenticalData() throws SQLException {
        requireMariaDb();
        assertEquals(counts, DemoDatabase.create(connection, DB_AGAIN, 0.02, null));
        for (String table : TABLES) {
            assertEquals(checksum(DB, table), checksum(DB_AGAIN, table), "checksum of " + table);
        }
    }

    @Test
    void rejectsUnsafeNamesAndBadScales() {
        assertThrows(IllegalArgumentException.class, () -> DemoDatabase.create(connection, "x`; DROP", 1.0, null));
        assertThrows(IllegalArgumentException.class, () -> DemoDatabase.create(connection, "demo", 0.0, null));
        assertThrows(IllegalArgumentException.class, () -> DemoDatabase.create(connection, "demo", Double.NaN, null));
    }

    private static void requireMariaDb() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    private static long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next(), "no row for " + sql);
            return rs.getString(1);
        }
    }

    private static long checksum(String db, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("CHECKSUM TABLE " + db + "." + table)) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
