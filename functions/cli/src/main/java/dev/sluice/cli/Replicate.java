package dev.sluice.cli;

import dev.sluice.bridge.cdc.CdcBridge;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.Subjects;
import dev.sluice.core.stats.LagStats;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.stats.TableProgress;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.CdcReadiness;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code sluice replicate}: keeps a target in sync with a live source. Debezium Server captures changes
 * into JetStream first; then (mode convert_cdc, the default) the existing rows are copied; then the CDC
 * bridge applies every captured change in order. Changes made during the copy are applied after it as
 * upserts and deletes by key, so the copy and the changes converge: nothing is missed, nothing applied twice.
 * Runs until Ctrl-C (or a limit), then drains what was captured and reports.
 */
final class Replicate {
    /** How long Debezium Server may take to start capturing. */
    static final long START_TIMEOUT_MS = 180_000;

    private Replicate() {
    }

    static int run(Map<String, String> o, PrintStream out) throws InterruptedException {
        String mode = o.getOrDefault("mode", "convert_cdc").replace('-', '_');
        if (!mode.equals("cdc") && !mode.equals("convert_cdc")) {
            throw new ConfigException("--mode must be cdc or convert_cdc, got '" + mode + "'");
        }
        Map<String, String> convertOpts = new java.util.LinkedHashMap<>(o);
        convertOpts.remove("mode");
        convertOpts.remove("id");
        StreamConfig cfg = Main.configFrom(convertOpts);
        if (o.containsKey("id")) {
            cfg = cfg.withId(o.get("id"));
        }
        Structure structure = StreamRunner.preflight(cfg);
        List<String> problems = CdcReadiness.problems(cfg.source(), structure);
        if (!problems.isEmpty()) {
            throw new DatabaseException("the source is not ready for change data capture: "
                    + String.join("; ", problems), false, null);
        }
        LocalRuntime.Settings settings = LocalRuntime.Settings.from(System.getenv());
        try (LocalRuntime rt = new LocalRuntime(settings);
             ReplicationControl control = ReplicationControl.serve(settings.natsUrl(), cfg.id())) {
            boolean earlier = earlierRun(rt, cfg.id());
            String copied = mode.equals("convert_cdc") ? CdcTargetState.copyFinished(cfg.target(), cfg.id()) : null;
            if (mode.equals("convert_cdc") && copied == null && earlier) {
                throw new IllegalStateException(unfinishedCopy(cfg));
            }
            out.println("sluice: stream " + cfg.id() + (earlier ? ": resuming where the last run stopped" : "")
                    + " (after a stop or crash, the same command with --id " + cfg.id() + " resumes it)");
            out.println("sluice: " + (earlier ? "change capture" : "starting change capture") + " (Debezium Server) for "
                    + cfg.source() + " (log " + DebeziumProcess.stateDir(cfg.id()).resolve("debezium.log") + ")");
            try (DebeziumProcess dbz = DebeziumProcess.start(cfg, structure.tables(), settings.natsUrl())) {
                Thread stopCapture = new Thread(dbz::close);
                Runtime.getRuntime().addShutdownHook(stopCapture);
                dbz.awaitCapturing(rt.jetStream(), cfg.id(), START_TIMEOUT_MS);
                out.println("sluice: capturing changes");
                if (mode.equals("convert_cdc") && copied == null) {
                    // the source changes while it is copied: no checksum now; 'sluice verify' compares once writes stop
                    StreamConfig copyCfg = cfg.withTuning(cfg.writerConcurrency(), cfg.readerConcurrency(), false);
                    StreamRunner.Result copy = new StreamRunner(rt, out, System.console() != null).run(copyCfg, structure);
                    ReportPrinter.print(out, copy, "bulk copy: " + cfg.source() + " -> " + cfg.target());
                    if (copy.exitCode() != 0) {
                        String why = copy.refused().isEmpty() ? "the bulk copy did not finish"
                                : "the bulk copy left out rows holding refused values (listed above: set the named policy"
                                + " or override, then clean up and run again)";
                        out.println("status: FAILED (" + why + "; change capture stopped)");
                        return copy.exitCode();
                    }
                    CdcTargetState.markCopyFinished(cfg.target(), cfg.id(), Clock.systemUTC().instant());
                } else if (copied != null) {
                    out.println("sluice: the bulk copy finished in an earlier run (" + copied + "): not copying again");
                } else {
                    prepareTargetTables(rt, cfg, structure, out);
                }
                return follow(rt, cfg, structure, dbz, control, out);
            }
        }
    }

    /** Traces of an earlier run of the stream: its JetStream stream or Debezium Server's stored offsets. */
    static boolean earlierRun(LocalRuntime rt, String id) {
        return rt.jetStream().pendingMessages(Subjects.cdcStreamId(id)) >= 0
                || java.nio.file.Files.exists(DebeziumProcess.stateDir(id).resolve("offsets.dat"));
    }

    private static String unfinishedCopy(StreamConfig cfg) {
        return "stream " + cfg.id() + " ran before, but its bulk copy did not finish (the target may hold part of the"
                + " rows), so it cannot resume. Start over: 'sluice cleanup " + cfg.id() + " --from " + cfg.source()
                + " --to " + cfg.target() + "', then replicate again with --drop-existing (or drop the target tables)";
    }

    /**
     * CDC only: creates the tables the target lacks (empty, with keys, indexes and foreign keys among them);
     * existing ones are used as they are. Runs the structure steps under {@code <id>-prep} to the end, so no
     * fence row or table is left behind.
     */
    static void prepareTargetTables(LocalRuntime rt, StreamConfig cfg, Structure s, PrintStream out) {
        List<Table> missing = new ArrayList<>();
        Dialect d = Dialect.of(cfg.target().engine());
        try (Connection c = Jdbc.connect(cfg.target())) {
            for (Table t : s.tables()) {
                if (!d.tableExists(c, cfg.target().schema(), t.name())) {
                    missing.add(t);
                }
            }
        } catch (SQLException e) {
            throw DatabaseException.during("looking for the tables of " + cfg.target(), cfg.target().engine(), e);
        }
        if (missing.isEmpty()) {
            return;
        }
        Structure part = missing.size() == s.tables().size() ? s : new Structure(s.sourceEngine(), missing, s.userTypes());
        String prep = cfg.id() + "-prep";
        WriterRequest.Options opts = new WriterRequest.Options(false, ExistingTables.FAIL, true);
        List<WriterRequest> steps = new ArrayList<>();
        steps.add(new WriterRequest(WriterRequest.Op.PREPARE, prep, cfg.target().toUrlWithSecret(), part, null,
                List.of(), opts));
        for (Table t : missing) {
            steps.add(new WriterRequest(WriterRequest.Op.FINISH_TABLE, prep, cfg.target().toUrlWithSecret(), part,
                    t.id(), List.of(), opts));
        }
        steps.add(new WriterRequest(WriterRequest.Op.FINISH_STREAM, prep, cfg.target().toUrlWithSecret(), part, null,
                List.of(), opts));
        for (WriterRequest step : steps) {
            WriterResult r = rt.invoker().invoke(step);
            if (!r.ok()) {
                throw new DatabaseException("creating the missing target tables: " + r.message(), false, null);
            }
            r.notes().forEach(n -> out.println("  note: " + n));
        }
        out.println("sluice: created " + missing.size() + " table(s) the target lacked: "
                + String.join(", ", missing.stream().map(Table::name).toList()));
    }

    private static int follow(LocalRuntime rt, StreamConfig cfg, Structure s, DebeziumProcess dbz,
                              ReplicationControl control, PrintStream out) throws InterruptedException {
        StreamProgress progress = new StreamProgress(cfg.id(), System.nanoTime());
        LagStats lag = new LagStats();
        CdcBridge bridge = new CdcBridge(cfg, s, rt.hub(), rt.invoker(), progress, lag, Clock.systemUTC());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        StreamStatus end = StreamStatus.STOPPED;
        try {
            bridge.start();
            control.follow(bridge);
            out.println("sluice: applying changes to " + cfg.target() + " (Ctrl-C stops; 'sluice pause " + cfg.id()
                    + "' pauses)" + (control.paused() ? "; PAUSED until 'sluice resume " + cfg.id() + "'" : ""));
            long t0 = System.nanoTime();
            long last = 0;
            long lastApplied = 0;
            long lastChange = t0;
            long deadline = cfg.limits().elapsedTime().isZero() ? Long.MAX_VALUE
                    : t0 + cfg.limits().elapsedTime().toNanos();
            while (true) {
                Thread.sleep(200);
                long now = System.nanoTime();
                if (progress.status().isTerminal()) {
                    end = progress.status();
                    break;
                }
                if (stop.get()) {
                    end = StreamStatus.STOPPED;
                    break;
                }
                if (now >= deadline) {
                    end = StreamStatus.TIME_LIMIT_REACHED;
                    break;
                }
                if (cfg.limits().numberOfEvents() > 0 && bridge.applied() >= cfg.limits().numberOfEvents()) {
                    end = StreamStatus.EVENT_LIMIT_REACHED;
                    break;
                }
                if (bridge.applied() != lastApplied || bridge.isPaused()) {
                    lastApplied = bridge.applied();
                    lastChange = now;
                } else if (bridge.captured() > bridge.applied() && now - lastChange > cfg.stuckAfter().toNanos()) {
                    out.println("sluice: stuck: " + (bridge.captured() - bridge.applied()) + " captured change(s) not"
                            + " applied for " + cfg.stuckAfter().toSeconds() + " s" + lastError(progress)
                            + (bridge.hubProblem() == null ? "" : "; " + bridge.hubProblem()));
                    lastChange = now;
                }
                if (now - last >= cfg.reportingInterval().toNanos()) {
                    out.println(statusLine(progress, bridge, lag, now, dbz, control));
                    rt.hub().publishTransient(Subjects.status(cfg.id()),
                            progress.toJson(now).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    last = now;
                }
            }
            dbz.close();
            if (!bridge.isPaused()) {
                drain(bridge, progress);
            }
        } finally {
            bridge.close();
            printReport(out, cfg, progress, bridge, lag, end);
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        }
        return end == StreamStatus.FAILED ? 1 : end == StreamStatus.STOPPED ? 0 : end.exitCode();
    }

    /** After capture stopped: wait (up to 60 s) until every change captured so far is applied. */
    private static void drain(CdcBridge bridge, StreamProgress progress) throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        long seen = -1;
        while (System.currentTimeMillis() < until && !progress.status().isTerminal()) {
            long captured = bridge.captured();
            if (captured == bridge.applied() && captured == seen) {
                return;
            }
            seen = captured;
            Thread.sleep(1_000);
        }
    }

    static String statusLine(StreamProgress p, CdcBridge b, LagStats lag, long now, DebeziumProcess dbz,
                             ReplicationControl control) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[%s] cdc", ProgressView.seconds(now - p.startNanos())));
        if (b.isPaused()) {
            var st = control.state();
            sb.append(String.format(Locale.ROOT, " %s: captured %,d, applied %,d, %,d waiting in JetStream", st.state(),
                    st.captured(), st.applied(), Math.max(0, st.waiting())));
        } else {
            sb.append(String.format(Locale.ROOT, ": captured %,d, applied %,d", b.captured(), b.applied()));
        }
        sb.append(String.format(Locale.ROOT, ", lag p50 %s p99 %s", ms(lag.percentile(50)), ms(lag.percentile(99))));
        for (TableProgress t : p.tables()) {
            if (t.rowsRead() > 0) {
                sb.append(String.format(Locale.ROOT, "; %s %,d/%,d", t.tableId(), t.rowsApplied(), t.rowsRead()));
            }
        }
        if (!dbz.alive()) {
            sb.append("; Debezium Server is not running (see ").append(dbz.log()).append(')');
        }
        if (b.hubProblem() != null) {
            sb.append("; ").append(b.hubProblem());
        }
        return sb.toString();
    }

    private static String ms(long v) {
        return v < 0 ? "-" : v + " ms";
    }

    private static String lastError(StreamProgress p) {
        List<String> e = p.errors();
        return e.isEmpty() ? "" : "; last error: " + e.get(e.size() - 1);
    }

    private static void printReport(PrintStream out, StreamConfig cfg, StreamProgress p, CdcBridge b, LagStats lag,
                                    StreamStatus end) {
        out.println();
        out.println("cdc report: " + cfg.source() + " -> " + cfg.target());
        for (TableProgress t : p.tables()) {
            out.printf(Locale.ROOT, "  %-24s captured %,10d  applied %,10d%n", t.tableId(), t.rowsRead(), t.rowsApplied());
        }
        out.printf(Locale.ROOT, "  total: captured %,d, applied %,d; lag p50 %s, p99 %s (%,d samples)%n", b.captured(),
                b.applied(), ms(lag.percentile(50)), ms(lag.percentile(99)), lag.count());
        p.notes().forEach(n -> out.println("  note: " + n));
        p.errors().forEach(e -> out.println("error: " + e));
        if (b.captured() != b.applied() || b.isPaused()) {
            out.println("  " + (b.isPaused() ? "paused: " : "") + "captured changes not applied yet stay in JetStream and"
                    + " are applied when replication resumes: run the same command with --id " + cfg.id());
        }
        if (b.consumerRestarts() > 0) {
            out.println("  the CDC consumer was restarted " + b.consumerRestarts() + " time(s) (JetStream unreachable"
                    + " or a delivery lost); nothing is skipped: unacked changes are delivered again, in order");
        }
        if (end != StreamStatus.FAILED) {
            out.println("  to compare source and target once writes to the source stopped: sluice verify --from "
                    + cfg.source() + " --to " + cfg.target() + " --wait 300");
        }
        out.println("status: " + end);
    }
}
