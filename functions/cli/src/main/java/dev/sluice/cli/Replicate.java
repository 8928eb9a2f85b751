package dev.sluice.cli;

import dev.sluice.bridge.cdc.CdcBridge;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.port.Subjects;
import dev.sluice.core.stats.LagStats;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.stats.TableProgress;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.CdcReadiness;
import dev.sluice.jdbc.DatabaseException;

import java.io.PrintStream;
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
        StreamConfig cfg = Main.configFrom(convertOpts);
        Structure structure = StreamRunner.preflight(cfg);
        List<String> problems = CdcReadiness.problems(cfg.source(), structure);
        if (!problems.isEmpty()) {
            throw new DatabaseException("the source is not ready for change data capture: "
                    + String.join("; ", problems), false, null);
        }
        LocalRuntime.Settings settings = LocalRuntime.Settings.from(System.getenv());
        try (LocalRuntime rt = new LocalRuntime(settings)) {
            out.println("sluice: starting change capture (Debezium Server) for " + cfg.source() + " (stream " + cfg.id()
                    + ", log " + DebeziumProcess.stateDir(cfg.id()).resolve("debezium.log") + ")");
            try (DebeziumProcess dbz = DebeziumProcess.start(cfg, structure.tables(), settings.natsUrl())) {
                Thread stopCapture = new Thread(dbz::close);
                Runtime.getRuntime().addShutdownHook(stopCapture);
                dbz.awaitCapturing(rt.jetStream(), cfg.id(), START_TIMEOUT_MS);
                out.println("sluice: capturing changes");
                if (mode.equals("convert_cdc")) {
                    // the source changes while it is copied: the copy is verified once replication caught up
                    StreamConfig copyCfg = cfg.withTuning(cfg.writerConcurrency(), cfg.readerConcurrency(), false);
                    StreamRunner.Result copy = new StreamRunner(rt, out, System.console() != null).run(copyCfg, structure);
                    ReportPrinter.print(out, copy, "bulk copy: " + cfg.source() + " -> " + cfg.target());
                    if (copy.exitCode() != 0) {
                        out.println("status: FAILED (the bulk copy did not finish; change capture stopped)");
                        return copy.exitCode();
                    }
                } else {
                    prepareTargetTables(rt, cfg, structure);
                }
                return follow(rt, cfg, structure, dbz, out);
            }
        }
    }

    /** CDC only: create the tables the target lacks (existing ones are used as they are). */
    private static void prepareTargetTables(LocalRuntime rt, StreamConfig cfg, Structure s) {
        WriterResult r = rt.invoker().invoke(new WriterRequest(WriterRequest.Op.PREPARE, cfg.id() + "-prep",
                cfg.target().toUrlWithSecret(), s, null, List.of(),
                new WriterRequest.Options(false, ExistingTables.FAIL, true)));
        if (!r.ok() && r.message() != null && !r.message().contains("already has table")) {
            throw new DatabaseException("preparing target tables: " + r.message(), false, null);
        }
    }

    private static int follow(LocalRuntime rt, StreamConfig cfg, Structure s, DebeziumProcess dbz, PrintStream out)
            throws InterruptedException {
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
            out.println("sluice: applying changes to " + cfg.target() + " (Ctrl-C stops)");
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
                if (bridge.applied() != lastApplied) {
                    lastApplied = bridge.applied();
                    lastChange = now;
                } else if (bridge.captured() > bridge.applied() && now - lastChange > cfg.stuckAfter().toNanos()) {
                    out.println("sluice: stuck: " + (bridge.captured() - bridge.applied()) + " captured change(s) not"
                            + " applied for " + cfg.stuckAfter().toSeconds() + " s" + lastError(progress));
                    lastChange = now;
                }
                if (now - last >= cfg.reportingInterval().toNanos()) {
                    out.println(statusLine(progress, bridge, lag, now, dbz));
                    rt.hub().publishTransient(Subjects.status(cfg.id()),
                            progress.toJson(now).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    last = now;
                }
            }
            dbz.close();
            drain(bridge, progress);
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

    static String statusLine(StreamProgress p, CdcBridge b, LagStats lag, long now, DebeziumProcess dbz) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "[%s] cdc%s: captured %,d, applied %,d, lag p50 %s p99 %s", ProgressView.seconds(now - p.startNanos()),
                b.isPaused() ? " (paused)" : "", b.captured(), b.applied(), ms(lag.percentile(50)), ms(lag.percentile(99))));
        for (TableProgress t : p.tables()) {
            if (t.rowsRead() > 0) {
                sb.append(String.format(Locale.ROOT, "; %s %,d/%,d", t.tableId(), t.rowsApplied(), t.rowsRead()));
            }
        }
        if (!dbz.alive()) {
            sb.append("; Debezium Server is not running (see ").append(dbz.log()).append(')');
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
        if (b.captured() != b.applied()) {
            out.println("  " + (b.captured() - b.applied()) + " captured change(s) are not applied yet; they stay in"
                    + " JetStream and are applied when replication resumes (same stream id)");
        }
        out.println("status: " + end);
    }
}
