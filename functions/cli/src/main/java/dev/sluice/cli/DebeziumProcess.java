package dev.sluice.cli;

import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Table;
import dev.sluice.jetstream.JetStreamEventHub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Debezium Server as a supervised child process (debezium-server/launch.sh --supervise): it restarts Debezium
 * Server with backoff when it exits, and stops it on SIGTERM. Its output goes to a log file in the stream's
 * state directory.
 */
final class DebeziumProcess implements AutoCloseable {
    private final ProcessHandle process;
    private final Path log;
    private final Path pidFile;

    private DebeziumProcess(ProcessHandle process, Path log, Path pidFile) {
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    static Path stateDir(String streamId) {
        String base = System.getenv().getOrDefault("SLUICE_STATE",
                System.getProperty("user.home") + "/.local/state/sluice");
        return Path.of(base, "cdc", streamId);
    }

    static DebeziumProcess start(StreamConfig cfg, List<Table> tables, String natsUrl) {
        Path home = home();
        Path script = home.resolve("debezium-server/launch.sh");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("cannot find " + script + " (set SLUICE_HOME to the Sluice checkout)");
        }
        Path dir = stateDir(cfg.id());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Path log = dir.resolve("debezium.log");
        Path pidFile = dir.resolve("launcher.pid");
        ProcessHandle running = alive(pidFile);
        if (running != null) {
            // left running by a Sluice process that was killed: it kept capturing; adopt it
            return new DebeziumProcess(running, log, pidFile);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), "--supervise",
                "--source", cfg.source().toUrlWithSecret(), "--stream-id", cfg.id(), "--nats-url", natsUrl,
                "--snapshot-mode", "no_data", "--heartbeat-ms", "1000", "--offsets-dir", dir.toString(),
                // DDL of other databases (with types Debezium's parser does not know) must not stop capture;
                // schema changes of captured tables during replication are not supported (docs/cdc.md)
                "--prop", "debezium.source.schema.history.internal.store.only.captured.databases.ddl=true",
                "--prop", "debezium.source.schema.history.internal.skip.unparseable.ddl=true",
                // publish synchronously: a change counts as handed over (and its offset may be committed)
                // only once JetStream stored it, so a killed Debezium Server never skips a change
                "--prop", "debezium.sink.nats-jetstream.async.enabled=false"));
        String list = tables.stream().map(Table::name).collect(Collectors.joining(","));
        if (!list.isEmpty()) {
            cmd.add("--tables");
            cmd.add(list);
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Files.writeString(pidFile, Long.toString(p.pid()));
            return new DebeziumProcess(p.toHandle(), log, pidFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Debezium Server: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until Debezium Server captures changes: its heartbeats reach the stream's CDC subjects. Changes
     * committed from then on are captured; a bulk copy started afterwards cannot miss any.
     */
    void awaitCapturing(JetStreamEventHub hub, String streamId, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Debezium Server stopped while starting; last lines of " + log + ":\n"
                        + tail(15));
            }
            if (hub.pendingMessages(streamId + "_CDC") > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Debezium Server did not start capturing within " + timeoutMs / 1000
                + " s; last lines of " + log + ":\n" + tail(15));
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops launch.sh (SIGTERM: it stops Debezium Server cleanly) and waits for it. Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.onExit().get(40, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * Stops a Debezium Server launcher of the stream that outlived its {@code sluice replicate} (killed with
     * SIGKILL, say); says what it stopped, or empty when none runs.
     */
    static java.util.Optional<String> stopLeftOver(String streamId) {
        Path pidFile = stateDir(streamId).resolve("launcher.pid");
        ProcessHandle h = alive(pidFile);
        if (h == null) {
            return java.util.Optional.empty();
        }
        new DebeziumProcess(h, stateDir(streamId).resolve("debezium.log"), pidFile).close();
        return java.util.Optional.of("stopped the Debezium Server launcher of stream " + streamId + " (pid " + h.pid()
                + "), left running by a sluice replicate that did not exit cleanly");
    }

    /** The PostgreSQL replication slot and publication of a stream (as launch.sh names them). */
    static String pgSlotName(String streamId) {
        return "sluice_" + streamId.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static ProcessHandle alive(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return null;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().orElse("").contains("launch.sh")).orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The Sluice checkout: SLUICE_HOME (set by ./sluice), else found from the working directory. */
    static Path home() {
        String env = System.getenv("SLUICE_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("debezium-server/launch.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the Sluice checkout (debezium-server/launch.sh): set SLUICE_HOME");
        }
        return p;
    }
}
