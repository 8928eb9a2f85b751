package dev.sluice.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection setup for both engines, apart from any batching logic: JDBC URLs, session settings (UTC
 * everywhere, so instants never depend on server time zones) and a process-wide cache of HikariCP pools
 * (a warm writer function reuses its pool across invocations).
 */
public final class Jdbc {
    private static final Map<String, HikariDataSource> POOLS = new ConcurrentHashMap<>();
    /** The sql_mode of every MySQL/MariaDB session: strict, explicit zero ids kept. */
    static final String MYSQL_SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION";

    private Jdbc() {
    }

    public static String jdbcUrl(ConnectionUrl u) {
        if (u.engine() == Engine.POSTGRESQL) {
            return "jdbc:postgresql://" + u.host() + ":" + u.port() + "/" + u.database();
        }
        return "jdbc:mariadb://" + u.host() + ":" + u.port() + "/" + u.database();
    }

    /** Driver properties: credentials, UTC sessions, streaming-friendly settings. */
    public static Properties properties(ConnectionUrl u) {
        Properties p = new Properties();
        p.setProperty("user", u.user());
        if (!u.password().isEmpty()) {
            p.setProperty("password", u.password());
        }
        if (u.engine() == Engine.POSTGRESQL) {
            p.setProperty("ApplicationName", "sluice");
            p.setProperty("options", "-c TimeZone=UTC -c extra_float_digits=3");
            p.setProperty("connectTimeout", "10");
            p.setProperty("tcpKeepAlive", "true");
            String schema = u.params().get("currentSchema");
            if (schema != null) {
                p.setProperty("currentSchema", schema);
            }
        } else {
            p.setProperty("connectTimeout", "10000");
            p.setProperty("allowLocalInfile", "true");
            p.setProperty("useBulkStmts", "true");
            p.setProperty("permitMysqlScheme", "true");
            p.setProperty("tinyInt1isBit", "false");
            p.setProperty("yearIsDateType", "false");
        }
        for (Map.Entry<String, String> e : u.params().entrySet()) {
            if (!e.getKey().equals("currentSchema")) {
                p.setProperty(e.getKey(), e.getValue());
            }
        }
        return p;
    }

    /**
     * Session settings run on every new connection: UTC for instants; for MySQL strict mode (a value that
     * does not fit fails instead of being truncated), explicit zero ids kept, foreign keys checked only once
     * they exist (they are added after the load).
     */
    public static String initSql(Engine engine) {
        if (engine == Engine.POSTGRESQL) {
            return "SET TimeZone='UTC'";
        }
        return "SET time_zone='+00:00', sql_mode='" + MYSQL_SQL_MODE + "', foreign_key_checks=0";
    }

    /** One plain connection, with a clear {@link DatabaseException} when it cannot be made. */
    public static Connection connect(ConnectionUrl u) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl(u), properties(u));
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(initSql(u.engine()));
            }
            return c;
        } catch (SQLException e) {
            throw DatabaseException.connecting(u, e);
        }
    }

    /** The shared pool for a URL (created on first use, validated by one connection). */
    public static HikariDataSource pool(ConnectionUrl u, int maxSize) {
        String key = u.toUrlWithSecret();
        HikariDataSource ds = POOLS.get(key);
        if (ds != null && !ds.isClosed()) {
            return ds;
        }
        synchronized (POOLS) {
            ds = POOLS.get(key);
            if (ds != null && !ds.isClosed()) {
                return ds;
            }
            try (Connection probe = connect(u)) {
                probe.isValid(5);
            } catch (SQLException e) {
                throw DatabaseException.connecting(u, e);
            }
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(jdbcUrl(u));
            c.setDataSourceProperties(properties(u));
            c.setConnectionInitSql(initSql(u.engine()));
            c.setMaximumPoolSize(maxSize);
            c.setMinimumIdle(0);
            c.setPoolName("sluice-" + u.engine().name().toLowerCase() + "-" + u.database());
            c.setConnectionTimeout(30_000);
            c.setIdleTimeout(60_000);
            ds = new HikariDataSource(c);
            POOLS.put(key, ds);
            return ds;
        }
    }

    /** Closes every pool (end of a local run; a deployed function keeps them warm). */
    public static void closeAll() {
        synchronized (POOLS) {
            POOLS.values().forEach(HikariDataSource::close);
            POOLS.clear();
        }
    }
}
