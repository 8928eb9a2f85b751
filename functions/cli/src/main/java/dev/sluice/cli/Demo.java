package dev.sluice.cli;

import dev.sluice.cli.demo.DemoDatabase;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Jdbc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice demo}: generates the sample shop database in the local MariaDB, migrates it to a fresh
 * PostgreSQL database and from there into a fresh MariaDB database; each leg ends with its verified report.
 */
final class Demo {
    static final String MYSQL = "mariadb://root@127.0.0.1:3306/";
    static final String PG = "postgresql://postgres@127.0.0.1:5432/";

    private Demo() {
    }

    static int run(Map<String, String> o, PrintStream out) throws InterruptedException {
        for (String k : o.keySet()) {
            if (!k.equals("scale")) {
                throw new ConfigException("unknown option --" + k + " for demo");
            }
        }
        double scale;
        try {
            scale = Double.parseDouble(o.getOrDefault("scale", "1.0"));
        } catch (NumberFormatException e) {
            throw new ConfigException("--scale needs a number, got '" + o.get("scale") + "'");
        }
        String mysqlBase = System.getenv().getOrDefault("SLUICE_DEMO_MYSQL", MYSQL);
        String pgBase = System.getenv().getOrDefault("SLUICE_DEMO_POSTGRES", PG);
        ConnectionUrl source = ConnectionUrl.parse(mysqlBase + "sluice_demo");
        ConnectionUrl pg = ConnectionUrl.parse(pgBase + "sluice_demo");
        ConnectionUrl back = ConnectionUrl.parse(mysqlBase + "sluice_demo_back");

        out.println("demo: generating the sample shop database in " + source);
        try (Connection c = Jdbc.connect(source.withDatabase("mysql"))) {
            Map<String, Long> counts = DemoDatabase.create(c, "sluice_demo", scale, out::println);
            out.printf("demo: %,d rows in %d tables%n", counts.values().stream().mapToLong(Long::longValue).sum(),
                    counts.size());
        } catch (SQLException e) {
            throw DatabaseException.during("creating the demo database", source.engine(), e);
        }
        recreatePostgres(pg);
        recreateMySql(back);
        int exit = 0;
        try (LocalRuntime rt = new LocalRuntime(LocalRuntime.Settings.from(System.getenv()))) {
            for (ConnectionUrl[] leg : List.of(new ConnectionUrl[] {source, pg}, new ConnectionUrl[] {pg, back})) {
                out.println();
                out.println("demo: migrating " + leg[0] + " -> " + leg[1]);
                StreamConfig cfg = StreamConfig.of(leg[0], leg[1], List.of());
                StreamRunner.Result r = new StreamRunner(rt, out, System.console() != null).run(cfg);
                ReportPrinter.print(out, r, "report: " + leg[0] + " -> " + leg[1]);
                exit = Math.max(exit, r.exitCode());
                if (r.exitCode() != 0) {
                    break;
                }
            }
        }
        out.println();
        out.println(exit == 0 ? "demo: both legs copied and verified" : "demo: FAILED (see the report above)");
        return exit;
    }

    private static void recreatePostgres(ConnectionUrl u) {
        try (Connection c = Jdbc.connect(u.withDatabase("postgres")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + u.database() + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + u.database());
        } catch (SQLException e) {
            throw DatabaseException.during("recreating database " + u.database() + " on " + u, u.engine(), e);
        }
    }

    private static void recreateMySql(ConnectionUrl u) {
        try (Connection c = Jdbc.connect(u.withDatabase("mysql")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + u.database() + "`");
            st.execute("CREATE DATABASE `" + u.database() + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw DatabaseException.during("recreating database " + u.database() + " on " + u, u.engine(), e);
        }
    }
}
