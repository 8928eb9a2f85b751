package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.control.ControlMessage;
import dev.sluice.core.model.Structure;
import dev.sluice.core.port.Subjects;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jetstream.NatsControlChannel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice replicate} as a user runs it, a child process on a NATS server of the test's own, while a
 * workload writes inserts, updates, key updates, deletes of rows inserted a moment before and two-table
 * transactions. In turn: {@code sluice pause} (the target stands still while capture goes on) and
 * {@code sluice resume}; writers die before committing; Debezium Server is SIGKILLed; NATS is killed and
 * restarted; the replicate process itself is killed with SIGKILL (bridge, writers and in-process DynamoDB
 * Local with it) and started again with the same command, which resumes without a second copy. Once the
 * workload stops and everything captured is applied, every table matches by count and checksum, the target
 * holds no Sluice leftovers but the position table, and {@code sluice cleanup} removes the rest.
 */
class CdcCrashRestartTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb->postgresql", "postgresql->mariadb"})
    void pauseResumeAndCrashesEndEqual(String direction) throws Exception {
        TestServices.requireServers();
        Assumptions.assumeTrue(PrivateNats.available(), "no /usr/sbin/nats-server for a private NATS server");
        Assumptions.assumeTrue(Files.isExecutable(DebeziumProcess.home().resolve("debezium-server/launch.sh")),
                "debezium-server/launch.sh is missing");
        boolean my = direction.startsWith("mariadb");
        String id = "crash" + (my ? "m" : "p") + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ConnectionUrl src = TestServices.freshDatabase(my ? TestServices.MY : TestServices.PG, "sluice_cdc_" + id + "_src");
        ConnectionUrl dst = TestServices.freshDatabase(my ? TestServices.PG : TestServices.MY, "sluice_cdc_" + id + "_dst");
        CdcEndToEndTest.createSource(src, my);
        Path work = Files.createTempDirectory("sluice-crash-");
        Path config = work.resolve("stream.json");
        Files.writeString(config, "{\"id\": \"" + id + "\", \"source\": \"" + src.toUrlWithSecret() + "\", \"target\": \""
                + dst.toUrlWithSecret() + "\", \"verify\": false, \"dataBundleSize\": 100, \"reportingInterval\": 1}");
        StreamConfig cfg = StreamConfig.fromJson(Files.readString(config));

        CdcEndToEndTest.Workload load = new CdcEndToEndTest.Workload(src, my);
        Thread loadThread = new Thread(load, "workload");
        List<Child> children = new ArrayList<>();
        boolean passed = false;
        try (PrivateNats nats = PrivateNats.start(); NatsControlChannel control = NatsControlChannel.connect(nats.url())) {
            loadThread.start();
            Child first = Child.start(nats, work.resolve("replicate-1.log"), "replicate", "--config", config.toString());
            children.add(first);
            first.awaitLine("sluice: applying changes", 300);

            // pause: the target stands still while Debezium Server keeps capturing into JetStream
            Child pause = Child.start(nats, work.resolve("pause.log"), "pause", id);
            assertEquals(0, pause.waitFor(60), pause.log());
            assertTrue(pause.log().contains("stream " + id + ": PAUS"), pause.log());
            long applied = awaitPaused(control, id);
            String before = targetState(dst);
            long waiting = state(control, id).orElseThrow().waiting();
            Thread.sleep(4_000);
            ControlMessage.ReplicationState paused = state(control, id).orElseThrow();
            assertEquals("PAUSED", paused.state());
            assertEquals(applied, paused.applied(), "nothing applied while paused");
            assertEquals(before, targetState(dst), "the target does not change while paused");
            assertTrue(paused.waiting() > waiting + 50, "capture goes on while paused: " + waiting + " -> "
                    + paused.waiting() + " changes waiting in JetStream");
            assertTrue(first.awaitLine("cdc PAUSED: captured", 10), "the status line says PAUSED");
            Child resume = Child.start(nats, work.resolve("resume.log"), "resume", id);
            assertEquals(0, resume.waitFor(60), resume.log());
            assertTrue(resume.log().contains("stream " + id + ": RUNNING"), resume.log());

            Thread.sleep(3_000);
            CdcEndToEndTest.killDebeziumServer(id); // its supervisor starts it again
            Thread.sleep(4_000);
            nats.killAndRestart(1_500); // Debezium Server's sink dies with it and is restarted; Sluice reconnects
            Thread.sleep(8_000);
            first.kill(); // SIGKILL: bridge, writers and the in-process DynamoDB Local die mid-stream
            Thread.sleep(2_000);
            Child second = Child.start(nats, work.resolve("replicate-2.log"), "replicate", "--config", config.toString());
            children.add(second);
            second.awaitLine("sluice: applying changes", 300);
            assertTrue(second.log().contains("resuming where the last run stopped"), second.log());
            assertTrue(second.log().contains("not copying again"), second.log());
            Thread.sleep(5_000);
            load.stop.set(true);
            loadThread.join();
            assertTrue(load.ops.get() > 500, "the workload ran: " + load.ops.get() + " operations");

            CdcEndToEndTest.markEnd(src);
            CdcEndToEndTest.awaitEndMarkers(dst, 240);
            awaitCaughtUp(control, id, second);
            second.stop();
            assertTrue(second.log().contains("status: STOPPED"), second.log());
            assertTrue(second.log().contains("once writes to the source stopped: sluice verify --from "), second.log());
            assertTrue(first.log().contains("test: a writer dies") || second.log().contains("test: a writer dies"),
                    "writers died before committing");
            Structure s = StreamRunner.preflight(cfg);
            for (Verification.TableVerdict v : Verification.run(cfg.withTuning(4, 2, true), s)) {
                assertTrue(v.ok(), v.table() + ": " + v.problem() + "; " + CdcEndToEndTest.diff(src, dst, v.table()));
            }
            assertFalse(tableExists(dst, Dialect.FENCE_TABLE), "no fence table is left in the target");

            Child cleanup = Child.start(nats, work.resolve("cleanup.log"), "cleanup", id, "--from",
                    src.toUrlWithSecret(), "--to", dst.toUrlWithSecret());
            assertEquals(0, cleanup.waitFor(120), cleanup.log());
            assertTrue(cleanup.log().contains("deleted JetStream stream SLUICE_" + id + "_CDC"), cleanup.log());
            assertTrue(my || cleanup.log().contains("dropped replication slot sluice_" + id), cleanup.log());
            assertTrue(cleanup.log().contains("deleted Debezium Server's offsets"), cleanup.log());
            assertFalse(tableExists(dst, "_sluice_cdc_position"), "cleanup removed the position table");
            Child again = Child.start(nats, work.resolve("cleanup-2.log"), "cleanup", id, "--from",
                    src.toUrlWithSecret(), "--to", dst.toUrlWithSecret());
            assertEquals(0, again.waitFor(120), again.log());
            assertTrue(again.log().contains("nothing left of stream " + id), again.log());

            // a run that died during its bulk copy left offsets but no "copy finished" row: the next run refuses
            // and says how to start over, before it starts anything
            Path offsets = DebeziumProcess.stateDir(id).resolve("offsets.dat");
            Files.createDirectories(offsets.getParent());
            Files.writeString(offsets, "");
            Child unfinished = Child.start(nats, work.resolve("replicate-3.log"), "replicate", "--config",
                    config.toString());
            assertEquals(1, unfinished.waitFor(120), unfinished.log());
            assertTrue(unfinished.log().contains("its bulk copy did not finish") && unfinished.log().contains(
                    "sluice cleanup " + id), unfinished.log());
            Child last = Child.start(nats, work.resolve("cleanup-3.log"), "cleanup", id, "--from", src.toUrlWithSecret());
            assertEquals(0, last.waitFor(120), last.log());
            assertFalse(Files.exists(offsets.getParent()), "cleanup removed the state directory");
            passed = true;
        } finally {
            load.stop.set(true);
            loadThread.join(10_000);
            children.forEach(Child::kill);
            DebeziumProcess.stopLeftOver(id);
            if (!my) {
                CdcEndToEndTest.dropSlot(src, id);
            }
            if (passed) { // a failed run keeps its databases and logs to look at
                CdcEndToEndTest.dropDatabase(src);
                CdcEndToEndTest.dropDatabase(dst);
                CdcEndToEndTest.deleteStateDir(id);
                try (var all = Files.walk(work)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Waits until the batches handed to writers before the pause are applied (PAUSING becomes PAUSED). */
    private static long awaitPaused(NatsControlChannel control, String id) throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            Optional<ControlMessage.ReplicationState> st = state(control, id);
            if (st.isPresent() && st.get().state().equals("PAUSED")) {
                return st.get().applied();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("still not PAUSED a minute after the pause: " + state(control, id));
    }

    /** Everything captured is applied: nothing waits in JetStream and the applied count holds for 5 s. */
    private static void awaitCaughtUp(NatsControlChannel control, String id, Child replicate) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 240_000;
        long last = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            assertTrue(replicate.alive(), "replicate exited: " + replicate.log());
            Optional<ControlMessage.ReplicationState> st = state(control, id);
            if (st.isPresent() && st.get().waiting() == 0 && st.get().captured() == st.get().applied()
                    && st.get().applied() == last) {
                if (System.currentTimeMillis() - since > 5_000) {
                    return;
                }
            } else {
                last = st.map(ControlMessage.ReplicationState::applied).orElse(-1L);
                since = System.currentTimeMillis();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("replication did not catch up: " + state(control, id) + "\n" + replicate.log());
    }

    private static Optional<ControlMessage.ReplicationState> state(NatsControlChannel control, String id) {
        return control.request(Subjects.replicationControl(id), ControlMessage.toJson(new ControlMessage.StateQuery())
                        .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3))
                .map(b -> (ControlMessage.ReplicationState) ControlMessage.fromJson(new String(b, StandardCharsets.UTF_8)));
    }

    /** Row counts and sums of the target tables, to see whether anything changed. */
    private static String targetState(ConnectionUrl dst) throws Exception {
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement()) {
            StringBuilder sb = new StringBuilder();
            for (String q : List.of("SELECT COUNT(*), SUM(id), SUM(balance) FROM accounts",
                    "SELECT COUNT(*), SUM(id), SUM(amount) FROM transfers")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    sb.append(rs.getString(1)).append('/').append(rs.getString(2)).append('/').append(rs.getString(3))
                            .append(' ');
                }
            }
            return sb.toString();
        }
    }

    private static boolean tableExists(ConnectionUrl u, String table) throws Exception {
        try (Connection c = Jdbc.connect(u)) {
            return Dialect.of(u.engine()).tableExists(c, u.schema(), table);
        }
    }

    /** A {@code sluice} command in a JVM of its own (through {@link FaultyWritersMain}), output to a log file. */
    static final class Child {
        private final Process process;
        private final Path log;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Child start(PrivateNats nats, Path log, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), FaultyWritersMain.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = pb.environment();
            env.put("SLUICE_NATS_URL", nats.url());
            env.put("SLUICE_HOME", DebeziumProcess.home().toString());
            return new Child(pb.start(), log);
        }

        String log() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        /** Waits for a line containing {@code text}; fails if the process exits first or time runs out. */
        boolean awaitLine(String text, int seconds) throws InterruptedException {
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < deadline) {
                if (log().contains(text)) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("'" + text + "' never came; the process exited with "
                            + process.exitValue() + ":\n" + log());
                }
                Thread.sleep(200);
            }
            throw new AssertionError("'" + text + "' did not come within " + seconds + " s:\n" + log());
        }

        int waitFor(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not end within " + seconds + " s:\n" + log());
            }
            return process.exitValue();
        }

        /** SIGTERM (what Ctrl-C amounts to): stop capture, apply what was captured, report. */
        void stop() throws InterruptedException {
            process.destroy();
            waitFor(150);
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
