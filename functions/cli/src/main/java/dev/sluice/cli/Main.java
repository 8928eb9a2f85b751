package dev.sluice.cli;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Engine;
import dev.sluice.core.types.CastRule;
import dev.sluice.core.types.CastRules;
import dev.sluice.jdbc.DatabaseException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice} command line: {@code migrate}, {@code demo}, {@code types}. Errors a person must fix are
 * printed as one line naming the problem (the stack trace only with {@code --debug}); the exit code is
 * non-zero whenever something was not copied and verified.
 */
public final class Main {
    static final String USAGE = """
            usage: sluice <command> [options]

              migrate --from URL --to URL [--tables a,b] [--config stream.json] [--drop-existing | --truncate-existing]
                      [--bundle N] [--writers N] [--readers N] [--no-verify]
                  copy tables (schema, rows, keys, indexes) from one database to another and verify them
              replicate --from URL --to URL [--mode convert_cdc|cdc] [--id ID] [--tables a,b] [--config stream.json]
                  copy the existing rows, then apply every change made on the source until Ctrl-C
                  (--mode cdc: changes from now on only; the same command with the same --id, or a config
                  with a fixed "id", resumes where it stopped, also after a crash)
              verify --from URL --to URL [--tables a,b] [--config stream.json] [--id ID] [--wait SECONDS]
                  compare source and target per table (row count, content checksum), e.g. before a cutover;
                  --wait repeats the check until every table is equal or SECONDS passed
              pause <stream-id> | resume <stream-id> | status <stream-id>
                  stop applying changes of a running replicate (capture goes on) / apply them again /
                  show its state: captured, applied, waiting in JetStream
              cleanup <stream-id> --from URL [--to URL]
                  remove what a finished CDC stream left: JetStream streams, PostgreSQL slot and publication,
                  Debezium offsets, and (with --to) its position rows in the target
              demo [--scale X]
                  create a sample shop database in the local MariaDB, migrate it to PostgreSQL and back
              types [--from mysql|postgresql --to mysql|postgresql]
                  print the type cast table of a direction
              check --from URL --to URL [--tables a,b] [--config stream.json] [--cdc]
                  pre-flight: each column's target type, values that would be refused or changed, CDC readiness

            URLs: mysql://user:pass@host:3306/db, mariadb://..., postgresql://user:pass@host:5432/db[?currentSchema=s]
            Environment: SLUICE_NATS_URL (default nats://127.0.0.1:4222), SLUICE_DYNAMODB_ENDPOINT (default: DynamoDB
            Local in this process)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = false;
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--debug")) {
                debug = true;
            } else {
                rest.add(a);
            }
        }
        if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
            out.print(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        try {
            String cmd = rest.get(0);
            // pause, resume and cleanup name the stream first: sluice pause <stream-id>
            boolean named = List.of("pause", "resume", "status", "cleanup").contains(cmd)
                    && rest.size() > 1 && !rest.get(1).startsWith("--");
            String streamId = named ? rest.get(1) : null;
            Map<String, String> opts = options(rest.subList(named ? 2 : 1, rest.size()));
            switch (cmd) {
                case "migrate":
                    return migrate(opts, out);
                case "demo":
                    return Demo.run(opts, out);
                case "replicate":
                    return Replicate.run(opts, out);
                case "types":
                    return types(opts, out);
                case "check":
                    return CheckCommand.run(opts, out);
                case "verify":
                    return VerifyCommand.run(opts, out);
                case "pause":
                case "resume":
                case "status":
                    return ReplicationControl.command(cmd, streamId, opts, out);
                case "cleanup":
                    return CdcCleanup.run(streamId, opts, out);
                default:
                    err.println("sluice: unknown command '" + rest.get(0) + "'\n");
                    err.print(USAGE);
                    return 2;
            }
        } catch (ConfigException | DatabaseException | IllegalStateException e) {
            err.println("sluice: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return e instanceof ConfigException ? 2 : 1;
        } catch (InterruptedException e) {
            err.println("sluice: interrupted");
            return 130;
        } catch (RuntimeException e) {
            err.println("sluice: unexpected error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** Parses {@code --name value} and {@code --flag} options; unknown shapes are errors. */
    static Map<String, String> options(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                m.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                m.put(name, args.get(++i));
            } else {
                m.put(name, "true");
            }
        }
        return m;
    }

    static int migrate(Map<String, String> o, PrintStream out) throws InterruptedException {
        StreamConfig cfg = configFrom(o);
        LocalRuntime.Settings settings = LocalRuntime.Settings.from(System.getenv());
        if (settings.dynamoEndpoint() == null) {
            LocalDynamoDbServer.prestart(); // overlaps the checks below
        }
        var structure = StreamRunner.preflight(cfg);
        try (LocalRuntime rt = new LocalRuntime(settings)) {
            StreamRunner runner = new StreamRunner(rt, out, System.console() != null);
            java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> {
                // Ctrl-C: stop reading, let published batches be applied, print the report, then exit
                runner.interrupt();
                try {
                    reported.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            StreamRunner.Result r;
            try {
                r = runner.run(cfg, structure);
                ReportPrinter.print(out, r, "report: " + cfg.source() + " -> " + cfg.target());
            } finally {
                reported.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            return r.exitCode();
        }
    }

    static final List<String> MIGRATE_OPTIONS = List.of("from", "to", "tables", "config", "drop-existing",
            "truncate-existing", "bundle", "writers", "readers", "no-verify");

    static StreamConfig configFrom(Map<String, String> o) {
        StreamConfig cfg = baseConfig(o, "migrate", MIGRATE_OPTIONS);
        if (o.containsKey("drop-existing")) {
            cfg = cfg.withExistingTables(ExistingTables.DROP);
        } else if (o.containsKey("truncate-existing")) {
            cfg = cfg.withExistingTables(ExistingTables.TRUNCATE);
        }
        if (o.containsKey("bundle")) {
            cfg = cfg.withDataBundleSize(intOption(o, "bundle"));
        }
        if (o.containsKey("writers") || o.containsKey("readers") || o.containsKey("no-verify")) {
            cfg = cfg.withTuning(o.containsKey("writers") ? intOption(o, "writers") : cfg.writerConcurrency(),
                    o.containsKey("readers") ? intOption(o, "readers") : cfg.readerConcurrency(),
                    !o.containsKey("no-verify") && cfg.verify());
        }
        return cfg;
    }

    /**
     * The stream config of a command: {@code --config} file and/or {@code --from}/{@code --to} URLs, then
     * {@code --tables}; any option outside {@code allowed} is an error naming the command.
     */
    static StreamConfig baseConfig(Map<String, String> o, String command, java.util.Collection<String> allowed) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new ConfigException("unknown option --" + k + " for " + command);
            }
        }
        StreamConfig cfg;
        if (o.containsKey("config")) {
            try {
                cfg = StreamConfig.fromJson(Files.readString(Path.of(o.get("config"))));
            } catch (NoSuchFileException e) {
                throw new ConfigException("config file " + o.get("config") + " does not exist");
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + o.get("config") + ": " + e.getMessage());
            }
            if (o.containsKey("from") || o.containsKey("to")) {
                cfg = cfg.withConnections(o.containsKey("from") ? ConnectionUrl.parse(o.get("from")) : cfg.source(),
                        o.containsKey("to") ? ConnectionUrl.parse(o.get("to")) : cfg.target());
            }
        } else {
            if (!o.containsKey("from") || !o.containsKey("to")) {
                throw new ConfigException(command + " needs --from URL and --to URL (or --config stream.json)");
            }
            cfg = StreamConfig.of(ConnectionUrl.parse(o.get("from")), ConnectionUrl.parse(o.get("to")), List.of());
        }
        if (o.containsKey("tables")) {
            List<TableSpec> t = new ArrayList<>();
            for (String n : o.get("tables").split(",")) {
                if (!n.isBlank()) {
                    t.add(new TableSpec(n.trim(), null));
                }
            }
            cfg = cfg.withTables(t);
        }
        return cfg;
    }

    static int intOption(Map<String, String> o, String k) {
        try {
            return Integer.parseInt(o.get(k));
        } catch (NumberFormatException e) {
            throw new ConfigException("--" + k + " needs a whole number, got '" + o.get(k) + "'");
        }
    }

    static int types(Map<String, String> o, PrintStream out) {
        List<Engine[]> dirs = new ArrayList<>();
        if (o.containsKey("from") || o.containsKey("to")) {
            if (!o.containsKey("from") || !o.containsKey("to")) {
                throw new ConfigException("types needs both --from and --to (mysql or postgresql)");
            }
            dirs.add(new Engine[] {parseEngine(o.get("from")), parseEngine(o.get("to"))});
        } else {
            dirs.add(new Engine[] {Engine.MYSQL, Engine.POSTGRESQL});
            dirs.add(new Engine[] {Engine.POSTGRESQL, Engine.MYSQL});
            dirs.add(new Engine[] {Engine.MYSQL, Engine.MYSQL});
            dirs.add(new Engine[] {Engine.POSTGRESQL, Engine.POSTGRESQL});
        }
        for (Engine[] d : dirs) {
            CastRules rules = CastRules.forDirection(d[0], d[1]);
            out.println("cast rules " + rules.direction() + " (first match wins):");
            int i = 1;
            for (CastRule r : rules.rules()) {
                out.printf("  %2d. %s%s%n", i++, r.name(),
                        r.convert() == dev.sluice.core.types.Conversion.NONE ? "" : "  [" + r.convert() + "]");
            }
            out.println();
        }
        return 0;
    }

    private static Engine parseEngine(String s) {
        try {
            return Engine.parse(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
