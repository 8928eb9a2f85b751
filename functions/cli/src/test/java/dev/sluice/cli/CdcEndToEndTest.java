package dev.sluice.cli;

import dev.sluice.bridge.cdc.CdcBridge;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.port.Subjects;
import dev.sluice.core.stats.LagStats;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.writer.WriterFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convert then CDC against the real Debezium Server, with a workload running during the bulk copy and after
 * it (inserts, updates, key updates, deletes of rows inserted a moment before, transactions over two tables),
 * while faults hit: writers die mid-batch, Debezium Server is killed with SIGKILL (its supervisor restarts it),
 * and the bridge is torn down and started again. Once the workload stops and everything captured is applied,
 * source and target match by count and checksum for every table.
 */
class CdcEndToEndTest {

    @AfterEach
    void noFaults() {
        WriterFaults.beforeCommit(null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb->postgresql", "postgresql->postgresql", "postgresql->mariadb"})
    void convertThenCdcUnderFaultsEndsEqual(String direction) throws Exception {
        String sourceKind = direction.substring(0, direction.indexOf('-'));
        boolean toMy = direction.endsWith("mariadb");
        LocalRuntime rt = TestServices.runtime();
        Assumptions.assumeTrue(Files.isExecutable(DebeziumProcess.home().resolve("debezium-server/launch.sh")),
                "debezium-server/launch.sh is missing");
        boolean my = sourceKind.equals("mariadb");
        String id = "e2e" + sourceKind.charAt(0) + (toMy ? "m" : "p")
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        // databases of this run only: other engineers' and CI runs of this test may run at the same time
        ConnectionUrl src = TestServices.freshDatabase(my ? TestServices.MY : TestServices.PG, "sluice_cdc_" + id + "_src");
        ConnectionUrl dst = TestServices.freshDatabase(toMy ? TestServices.MY : TestServices.PG, "sluice_cdc_" + id + "_dst");
        createSource(src, my);
        StreamConfig cfg = StreamConfig.fromJson("{\"id\": \"" + id + "\", \"source\": \"" + src.toUrlWithSecret()
                + "\", \"target\": \"" + dst.toUrlWithSecret() + "\", \"verify\": false, \"dataBundleSize\": 100}");
        Structure s = StreamRunner.preflight(cfg);

        Workload work = new Workload(src, my);
        Thread load = new Thread(work, "workload");
        load.start();
        boolean passed = false;
        try {
            try (DebeziumProcess dbz = DebeziumProcess.start(cfg, s.tables(), LocalRuntime.DEFAULT_NATS)) {
                dbz.awaitCapturing(rt.jetStream(), id, 180_000);
                StreamRunner.Result copy = new StreamRunner(rt, new PrintStream(new ByteArrayOutputStream()), false).run(cfg, s);
                assertEquals(StreamStatus.FINISHED, copy.status(), copy.progress().errors().toString());

                AtomicInteger crashes = new AtomicInteger();
                java.util.Set<String> crashed = ConcurrentHashMap.newKeySet();
                String faults = System.getProperty("cdc.faults", "writer,dbz,bridge");
                WriterFaults.beforeCommit(b -> {
                    if (faults.contains("writer") && b.sequence() % 7 == 3 && crashed.add(b.key().digest()) && crashes.incrementAndGet() <= 5) {
                        throw new ThreadDeath(); // a writer dies after writing, before committing
                    }
                });
                StreamProgress p1 = new StreamProgress(id, System.nanoTime());
                CdcBridge bridge = new CdcBridge(cfg, s, rt.hub(), rt.invoker(), p1, new LagStats(), Clock.systemUTC());
                bridge.start();
                Thread.sleep(4_000);
                if (faults.contains("dbz")) {
                    killDebeziumServer(id);
                }
                Thread.sleep(4_000);
                CdcBridge again = bridge;
                StreamProgress p2 = p1;
                if (faults.contains("bridge")) {
                    bridge.close(); // the bridge goes away mid-stream; unacked changes are redelivered to the next one
                    p2 = new StreamProgress(id, System.nanoTime());
                    again = new CdcBridge(cfg, s, rt.hub(), rt.invoker(), p2, new LagStats(), Clock.systemUTC());
                    again.start();
                }
                Thread.sleep(6_000);
                work.stop.set(true);
                load.join();
                assertTrue(work.ops.get() > 100, "the workload ran: " + work.ops.get() + " operations");
                assertTrue(dbz.alive(), "the supervisor keeps Debezium Server running");
                markEnd(src);
                awaitEndMarkers(dst, 180);
                awaitQuiet(again, p2, rt, id);
                again.close();
                assertTrue(crashes.get() > 0 || !faults.contains("writer"), "some writers were killed");
                assertTrue(p1.errors().isEmpty() && p2.errors().isEmpty(), p1.errors() + " " + p2.errors());
                // NATS stayed up: no delivery was lost, so the consumer never had to start again
                assertEquals(0, bridge.consumerRestarts() + (again == bridge ? 0 : again.consumerRestarts()),
                        "consumer restarts without a NATS fault");
            }
            for (Verification.TableVerdict v : Verification.run(cfg.withTuning(4, 2, true), s)) {
                assertTrue(v.ok(), v.table() + ": " + v.problem() + "; " + diff(src, dst, v.table()));
            }
            passed = true;
        } finally {
            // whatever happened: a CDC stream reserves JetStream storage, a slot keeps WAL; tests remove theirs
            work.stop.set(true);
            load.join(10_000);
            rt.hub().deleteStream(Subjects.cdcStreamId(id));
            rt.hub().deleteStream(id);
            if (!my) {
                dropSlot(src, id);
            }
            if (passed) { // a failed run keeps its databases and Debezium log to look at
                dropDatabase(src);
                dropDatabase(dst);
                deleteStateDir(id);
            }
        }
    }

    /** Drops a test's database (PostgreSQL: WITH (FORCE), its slot must be gone). */
    static void dropDatabase(ConnectionUrl u) throws SQLException {
        boolean pg = u.engine() == dev.sluice.core.model.Engine.POSTGRESQL;
        try (Connection c = Jdbc.connect(u.withDatabase(pg ? "postgres" : "mysql")); Statement st = c.createStatement()) {
            st.execute(pg ? "DROP DATABASE IF EXISTS " + u.database() + " WITH (FORCE)"
                    : "DROP DATABASE IF EXISTS `" + u.database() + "`");
        }
    }

    /** Debezium Server's offsets and log of a finished test stream. */
    static void deleteStateDir(String id) throws java.io.IOException {
        java.nio.file.Path dir = DebeziumProcess.stateDir(id);
        if (Files.exists(dir)) {
            try (var all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void awaitQuiet(CdcBridge b, StreamProgress p, LocalRuntime rt, String id) throws InterruptedException {
        long quietSince = System.currentTimeMillis();
        long last = -1;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(!p.status().isTerminal() || p.status() != StreamStatus.FAILED, p.errors().toString());
            long applied = b.applied();
            if (applied != last || b.captured() != applied) {
                last = applied;
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince > 5_000
                    && rt.jetStream().consumerBacklog(id + "_CDC", "cdc") == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("replication did not catch up: captured " + b.captured() + ", applied " + b.applied());
    }

    /**
     * The last change of each table, made after the workload stopped. Per table, changes are applied in log order,
     * so once a table's marker is in the target everything before it is too: "quiet for a few seconds" alone is
     * not caught up, as Debezium Server may still be starting again after a kill, or reading its way back.
     */
    static void markEnd(ConnectionUrl src) throws SQLException {
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts (owner, balance) VALUES ('" + END_MARK + "', 0)");
            st.executeUpdate("INSERT INTO transfers (note) VALUES ('" + END_MARK + "')");
        }
    }

    static final String END_MARK = "end of workload";

    /** Waits until both tables' end markers are in the target. */
    static void awaitEndMarkers(ConnectionUrl dst, int seconds) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String missing = "";
        while (System.currentTimeMillis() < deadline) {
            missing = "";
            try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement()) {
                for (String q : List.of("SELECT count(*) FROM accounts WHERE owner = '" + END_MARK + "'",
                        "SELECT count(*) FROM transfers WHERE note = '" + END_MARK + "'")) {
                    try (java.sql.ResultSet rs = st.executeQuery(q)) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            missing += (missing.isEmpty() ? "" : ", ") + q.substring(q.indexOf("FROM ") + 5, q.indexOf(" WHERE"));
                        }
                    }
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the last change of " + missing + " did not reach the target within " + seconds + " s");
    }

    /** Ids only in the source and only in the target, for the failure message. */
    static String diff(ConnectionUrl src, ConnectionUrl dst, String table) throws SQLException {
        java.util.Set<Long> a = ids(src, table);
        java.util.Set<Long> b = ids(dst, table);
        java.util.Set<Long> onlySrc = new java.util.TreeSet<>(a);
        onlySrc.removeAll(b);
        java.util.Set<Long> onlyDst = new java.util.TreeSet<>(b);
        onlyDst.removeAll(a);
        return "only in source: " + onlySrc.stream().limit(30).toList() + " (" + onlySrc.size() + "), only in target: "
                + onlyDst.stream().limit(30).toList() + " (" + onlyDst.size() + ")";
    }

    static java.util.Set<Long> ids(ConnectionUrl u, String table) throws SQLException {
        java.util.Set<Long> out = new java.util.HashSet<>();
        try (Connection c = Jdbc.connect(u); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** A PostgreSQL replication slot keeps WAL until dropped: tests drop theirs. */
    static void dropSlot(ConnectionUrl src, String id) throws SQLException {
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'sluice_"
                    + id.toLowerCase() + "' AND NOT active");
            st.execute("DROP PUBLICATION IF EXISTS sluice_" + id.toLowerCase());
        }
    }

    /** SIGKILL to the Debezium Server JVM of this stream; launch.sh --supervise restarts it. */
    static void killDebeziumServer(String id) {
        ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains("io.quarkus")
                        || h.info().commandLine().orElse("").contains("debezium-server-dist"))
                .filter(h -> h.parent().map(pp -> pp.info().commandLine().orElse("").contains(id)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    static void createSource(ConnectionUrl src, boolean my) throws SQLException {
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            String auto = my ? "INT AUTO_INCREMENT PRIMARY KEY" : "SERIAL PRIMARY KEY";
            String ts = my ? "DATETIME(6)" : "TIMESTAMP(6)";
            st.execute("CREATE TABLE accounts (id " + auto + ", owner VARCHAR(40) NOT NULL, balance DECIMAL(12,2) NOT NULL,"
                    + " updated " + ts + ")");
            st.execute("CREATE TABLE transfers (id " + auto + ", from_id INT, to_id INT, amount DECIMAL(12,2),"
                    + " note TEXT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (owner, balance, updated) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 3000; i++) {
                    ps.setString(1, "owner " + i + (i % 50 == 0 ? " ✓ Zoë" : ""));
                    ps.setBigDecimal(2, java.math.BigDecimal.valueOf(i * 100 + 1, 2));
                    ps.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-01 00:00:00.000001"));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Random changes at a bounded rate until stopped. */
    static final class Workload implements Runnable {
        final ConnectionUrl src;
        final boolean my;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong ops = new AtomicLong();

        Workload(ConnectionUrl src, boolean my) {
            this.src = src;
            this.my = my;
        }

        @Override
        public void run() {
            SplittableRandom r = new SplittableRandom(7);
            try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
                long keyShift = 1_000_000;
                while (!stop.get()) {
                    int id = 1 + r.nextInt(3000);
                    switch (r.nextInt(6)) {
                        case 0 -> st.executeUpdate("INSERT INTO accounts (owner, balance, updated) VALUES ('new', 1.00,"
                                + " CURRENT_TIMESTAMP)");
                        case 1 -> st.executeUpdate("UPDATE accounts SET balance = balance + 1, updated = CURRENT_TIMESTAMP"
                                + " WHERE id = " + id);
                        case 2 -> {
                            st.executeUpdate("INSERT INTO accounts (owner, balance) VALUES ('brief', 0)");
                            st.executeUpdate("DELETE FROM accounts WHERE owner = 'brief'");
                        }
                        case 3 -> st.executeUpdate("UPDATE accounts SET id = " + (-keyShift++) + " WHERE id = " + id);
                        case 4 -> {
                            c.setAutoCommit(false);
                            st.executeUpdate("INSERT INTO transfers (from_id, to_id, amount, note) VALUES (" + id + ", "
                                    + (id + 1) + ", 5.00, 'x''y\\\\z')");
                            st.executeUpdate("UPDATE accounts SET balance = balance - 5 WHERE id = " + id);
                            st.executeUpdate("UPDATE accounts SET balance = balance + 5 WHERE id = " + (id + 1));
                            c.commit();
                            c.setAutoCommit(true);
                        }
                        default -> st.executeUpdate("DELETE FROM transfers WHERE id = " + (1 + r.nextInt(50)));
                    }
                    ops.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException("workload: " + e.getMessage(), e);
            }
        }
    }
}
