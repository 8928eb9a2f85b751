package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real servers the integration tests use (PostgreSQL, MariaDB, NATS JetStream on loopback, DynamoDB Local
 * in this JVM), the shared runtime, and the public sample datasets (skipped with a message when
 * ../shared/datasets is absent).
 */
final class TestServices {
    static final String MY = "mariadb://root@127.0.0.1:3306/";
    static final String PG = "postgresql://postgres@127.0.0.1:5432/";
    private static LocalRuntime runtime;

    private TestServices() {
    }

    /** One runtime per test JVM: DynamoDB Local takes seconds to start. Writer claims expire after 2 s. */
    static synchronized LocalRuntime runtime() {
        requireServers();
        if (runtime == null) {
            runtime = new LocalRuntime(new LocalRuntime.Settings(LocalRuntime.DEFAULT_NATS, null, "sluice_batches",
                    Duration.ofSeconds(2), 8));
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        }
        return runtime;
    }

    static void requireServers() {
        Assumptions.assumeTrue(listening(5432), "PostgreSQL is not listening on 127.0.0.1:5432: run local/services.sh");
        Assumptions.assumeTrue(listening(3306), "MariaDB is not listening on 127.0.0.1:3306: run local/services.sh");
        Assumptions.assumeTrue(listening(4222), "NATS is not listening on 127.0.0.1:4222: run local/services.sh");
    }

    /** Skips (naming the remedy) unless the local PostgreSQL server can create the postgis extension. */
    static void requirePostgis() {
        requireServers();
        try (Connection c = Jdbc.connect(ConnectionUrl.parse(PG + "postgres"))) {
            Assumptions.assumeTrue(dev.sluice.jdbc.Postgis.in(c) != dev.sluice.jdbc.Postgis.State.ABSENT,
                    "PostGIS is not installed on the local PostgreSQL server: local/services.sh installs"
                            + " postgresql-15-postgis-3 (without it spatial values go to bytea, covered by"
                            + " mysql-to-postgresql.tsv)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask PostgreSQL about PostGIS: " + e.getMessage(), e);
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("sluice"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Loads a public dataset with local/load-datasets.sh once per JVM; skips the test when the datasets are absent. */
    static synchronized void dataset(String name) {
        requireServers();
        if (Loaded.NAMES.contains(name)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", repoRoot().resolve("local/load-datasets.sh").toString(), name)
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("loading dataset " + name + " timed out");
            }
            Assumptions.assumeTrue(p.exitValue() != 3, "public datasets are absent (../shared/datasets): " + log.trim());
            if (p.exitValue() != 0) {
                throw new IllegalStateException("loading dataset " + name + " failed:\n" + log);
            }
            Loaded.NAMES.add(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Loaded {
        static final java.util.Set<String> NAMES = new java.util.HashSet<>();
    }

    /** Drops and creates an empty database; returns its URL. */
    static ConnectionUrl freshDatabase(String base, String db) {
        ConnectionUrl u = ConnectionUrl.parse(base + db);
        boolean pg = base.startsWith("postgresql");
        try (Connection c = Jdbc.connect(u.withDatabase(pg ? "postgres" : "mysql")); Statement st = c.createStatement()) {
            if (pg) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + db);
            } else {
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
                st.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + db + ": " + e.getMessage(), e);
        }
        return u;
    }
}
