package dev.sluice.core.config;

import dev.sluice.core.model.Engine;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionUrlTest {

    static Stream<Arguments> urls() {
        return Stream.of(
                Arguments.of("mysql://app:secret@db.example.com:3307/shop", Engine.MYSQL, "app", "secret",
                        "db.example.com", 3307, "shop"),
                Arguments.of("mariadb://app@localhost/shop", Engine.MARIADB, "app", "", "localhost", 3306, "shop"),
                Arguments.of("mysql://localhost/shop", Engine.MYSQL, "root", "", "localhost", 3306, "shop"),
                Arguments.of("mariadb://10.1.2.3:3310/inventory", Engine.MARIADB, "root", "", "10.1.2.3", 3310,
                        "inventory"),
                Arguments.of("postgresql://localhost/shop", Engine.POSTGRESQL, "postgres", "", "localhost", 5432, "shop"),
                Arguments.of("postgresql://pg@db:6543/shop", Engine.POSTGRESQL, "pg", "", "db", 6543, "shop"),
                Arguments.of("postgres://u:pw@10.0.0.5:5433/db", Engine.POSTGRESQL, "u", "pw", "10.0.0.5", 5433, "db"),
                Arguments.of("pg://u:pw@h/db", Engine.POSTGRESQL, "u", "pw", "h", 5432, "db"),
                Arguments.of("MySQL://u:pw@h/db", Engine.MYSQL, "u", "pw", "h", 3306, "db"),
                Arguments.of("postgresql://u:p%40ss@h/db", Engine.POSTGRESQL, "u", "p@ss", "h", 5432, "db"),
                Arguments.of("mysql://u:p%3Ass%2F1%3F%23@h/db", Engine.MYSQL, "u", "p:ss/1?#", "h", 3306, "db"),
                Arguments.of("mysql://u:pa:ss@h/db", Engine.MYSQL, "u", "pa:ss", "h", 3306, "db"),
                Arguments.of("mysql://u:%E2%82%AC%20x@h/db", Engine.MYSQL, "u", "\u20ac x", "h", 3306, "db"),
                Arguments.of("mysql://us%40er:pw@h/db", Engine.MYSQL, "us@er", "pw", "h", 3306, "db"),
                Arguments.of("postgresql://u@h/my%20db", Engine.POSTGRESQL, "u", "", "h", 5432, "my db"),
                Arguments.of("postgresql://u@[::1]:5433/db", Engine.POSTGRESQL, "u", "", "[::1]", 5433, "db"),
                Arguments.of("postgresql://u@[::1]/db", Engine.POSTGRESQL, "u", "", "[::1]", 5432, "db"));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void parsesEveryPartWithDefaults(String url, Engine engine, String user, String password, String host, int port,
                                     String db) {
        ConnectionUrl u = ConnectionUrl.parse(url);
        assertEquals(engine, u.engine());
        assertEquals(user, u.user());
        assertEquals(password, u.password());
        assertEquals(host, u.host());
        assertEquals(port, u.port());
        assertEquals(db, u.database());
        assertEquals(Map.of(), u.params());
    }

    @Test
    void queryParametersAreDecodedAndKeptInOrder() {
        ConnectionUrl u = ConnectionUrl.parse(
                "postgresql://u@h/db?currentSchema=sales&sslmode=require&options=-c%20search_path%3Dx");
        assertEquals(java.util.List.of("currentSchema", "sslmode", "options"), java.util.List.copyOf(u.params().keySet()));
        assertEquals("sales", u.params().get("currentSchema"));
        assertEquals("-c search_path=x", u.params().get("options"));
        assertEquals("db", u.database());
    }

    @ParameterizedTest
    @CsvSource({
            "postgresql://u@h/db?currentSchema=sales, sales",
            "postgresql://u@h/db, public",
            "postgresql://u@h/db?sslmode=disable, public",
            "mysql://u@h/shop, shop",
            "mariadb://u@h/shop?currentSchema=ignored, shop"})
    void schemaIsCurrentSchemaForPostgresAndTheDatabaseForMySql(String url, String schema) {
        assertEquals(schema, ConnectionUrl.parse(url).schema());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "mysql://app:S3cr3t!@h:3307/shop | S3cr3t! | mysql://app:***@h:3307/shop",
            "postgresql://u:p%40ss@h/db | p@ss | postgresql://u:***@h:5432/db",
            "mariadb://root:hunter2@127.0.0.1/x | hunter2 | mariadb://root:***@127.0.0.1:3306/x",
            "postgresql://u@h/db?password=Pg-Secret-9 | Pg-Secret-9 | postgresql://u@h:5432/db"})
    void toStringNeverShowsThePassword(String url, String password, String printed) {
        ConnectionUrl u = ConnectionUrl.parse(url);
        assertEquals(printed, u.toString());
        assertFalse(u.toString().contains(password));
        assertFalse(String.valueOf(java.util.List.of(u)).contains(password), "password in a collection's toString");
    }

    @Test
    void aUrlWithoutPasswordPrintsNoMask() {
        assertEquals("postgresql://pg@db:5432/shop", ConnectionUrl.parse("postgresql://pg@db/shop").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"p@ss w/rd:+%&?#=", "plain", "\u20ac\u00e9\uD83D\uDE00", "a+b", "x y"})
    void theDriverUrlCarriesAnyPasswordBackExactly(String password) {
        ConnectionUrl u = new ConnectionUrl(Engine.POSTGRESQL, "us er", password, "h", 5433, "d b",
                Map.of("currentSchema", "s&t"));
        ConnectionUrl back = ConnectionUrl.parse(u.toUrlWithSecret());
        assertEquals(u, back);
        assertEquals(password, back.password());
    }

    @Test
    void withDatabaseKeepsEverythingElse() {
        ConnectionUrl u = ConnectionUrl.parse("postgresql://u:pw@h:6000/a?currentSchema=s").withDatabase("b");
        assertEquals("b", u.database());
        assertEquals("pw", u.password());
        assertEquals(6000, u.port());
        assertEquals("s", u.schema());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "mysql://u:secret@h/db | mysql://u:***@h/db",
            "mysql://u:p%40ss@h:3306/db | mysql://u:***@h:3306/db",
            "postgresql://u:pa:ss@h/db?x=1 | postgresql://u:***@h/db?x=1",
            "postgresql://u@h/db | postgresql://u@h/db",
            "mysql://h/db | mysql://h/db",
            "not a url | not a url"})
    void redactHidesThePassword(String url, String redacted) {
        assertEquals(redacted, ConnectionUrl.redact(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`` | empty connection URL",
            "`   ` | empty connection URL",
            "localhost:3306/db | must look like mysql://user:pass@host:3306/db",
            "://h/db | must look like mysql://",
            "oracle://h/db | unknown database type 'oracle': use mysql, mariadb or postgresql",
            "sqlserver://u:pw@h/db | unknown database type 'sqlserver'",
            "mysql://h:abc/db | port 'abc' is not a number",
            "mysql://h:/db | port '' is not a number",
            "mysql://h:70000/db | port 70000 is out of range",
            "postgresql://h:0/db | port 0 is out of range",
            "postgresql://h:-5/db | port -5 is out of range",
            "mysql://h:3306 | has no database name (add /dbname after host:port)",
            "mysql://h:3306/ | has no database name",
            "postgresql://u:pw@h | has no database name",
            "mysql:///db | has no host",
            "mysql://u:pw@:3306/db | has no host",
            "postgresql://h/db?currentSchema | bad parameter 'currentSchema'",
            "postgresql://h/db?=x | bad parameter '=x'"})
    void badUrlsAreRejectedWithAClearMessage(String url, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.parse(url));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:Sup3rS3cret@h:abc/db", "oracle://u:Sup3rS3cret@h/db",
            "postgresql://u:Sup3rS3cret@h:99999/db", "mysql://u:Sup3rS3cret@h:3306"})
    void errorMessagesNeverShowThePassword(String url) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.parse(url));
        assertFalse(e.getMessage().contains("Sup3rS3cret"), e::getMessage);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "mysql://u:hunter/2@h:x/db | hunter",
            "mysql://u:hunter2@vault@h:x/db | vault",
            "postgresql://u:a/b@c@h:99999/db | a/b"})
    void errorMessagesHideAPasswordContainingSlashOrAt(String url, String secretPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.parse(url));
        assertFalse(e.getMessage().contains(secretPart), e::getMessage);
    }

    @Test
    void aPlusInThePasswordIsKept() {
        assertEquals("a+b", ConnectionUrl.parse("mysql://u:a+b@h/db").password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:50%off@h/db", "mysql://u:100%@h/db"})
    void aStrayPercentGivesAConfigErrorWithoutThePassword(String url) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.parse(url));
        assertTrue(e.getMessage().contains("connection URL"), e::getMessage);
        assertFalse(e.getMessage().contains("\"of\""), e::getMessage);
    }
}
