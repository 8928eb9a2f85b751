package dev.sluice.cli;

import dev.sluice.bridge.Bridge;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.stats.TableProgress;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.Postgis;
import dev.sluice.jdbc.RefusalLog;
import dev.sluice.reader.ChunkReaderTask;

import dev.sluice.core.port.Subjects;
import dev.sluice.core.types.TypeOverrides;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one convert stream on a {@link LocalRuntime}: pre-flight, hub stream, bridge, reader, live progress,
 * limits, stuck detection, verification and the final report.
 */
public final class StreamRunner {
    /** Unconsumed bytes a hub stream may hold before the reader is pushed back. */
    static final long HUB_BOUND_BYTES = 256L * 1024 * 1024;

    private final LocalRuntime rt;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    public StreamRunner(LocalRuntime rt, PrintStream out, boolean terminal) {
        this.rt = rt;
        this.out = out;
        this.terminal = terminal;
    }

    /** Refused values listed in the report per table; the rest are in the target's record. */
    static final int REFUSED_EXAMPLES = 20;

    /**
     * The outcome: final status, per-table verdicts (empty when not verified), the progress behind them, and
     * what the target's refusal record lists per table (values a policy refused; their rows were left out).
     */
    public record Result(StreamStatus status, List<Verification.TableVerdict> verdicts, StreamProgress progress,
                         Structure structure, Map<String, RefusalLog.TableRefusals> refused) {
        public int exitCode() {
            if (verdicts.stream().anyMatch(v -> !v.ok())) {
                return 1;
            }
            return status.exitCode();
        }
    }

    /** Ctrl-C: stop reading, let what was published be applied, end STOPPED. */
    public void interrupt() {
        interrupted.set(true);
    }

    /**
     * Pre-flight, before anything is created: the source is reachable and has the tables, the target is
     * reachable and has the schema. Returns the source structure.
     */
    public static Structure preflight(StreamConfig cfg) {
        // the user's type overrides and value policies travel with the structure to every writer call
        Structure structure = TypeOverrides.apply(ChunkReaderTask.readStructure(cfg), cfg);
        if (structure.tables().isEmpty()) {
            throw new DatabaseException("source " + cfg.source() + " has no tables to copy", false, null);
        }
        return structure.withTargetPostgis(checkTarget(cfg, structure));
    }

    /** Spatial columns of a structure as {@code table.column}, for messages. */
    static List<String> spatialColumns(Structure s) {
        return s.tables().stream().flatMap(t -> t.columns().stream().filter(c -> c.kind() == SqlKind.GEOMETRY)
                .map(c -> t.name() + "." + c.name())).toList();
    }

    public Result run(StreamConfig cfg) throws InterruptedException {
        return run(cfg, preflight(cfg));
    }

    public Result run(StreamConfig cfg, Structure structure) throws InterruptedException {
        long t0 = System.nanoTime();
        StreamProgress progress = new StreamProgress(cfg.id(), t0);
        ChunkReaderTask reader = new ChunkReaderTask(cfg, rt.hub(), progress);
        out.println("sluice: " + cfg.source() + " -> " + cfg.target() + ": " + structure.tables().size()
                + " table(s), ~" + String.format("%,d", structure.tables().stream().mapToLong(t -> t.estimatedRows()).sum())
                + " rows (stream " + cfg.id() + ")");
        structure.tables().forEach(t -> progress.table(t.id(), t.estimatedRows()));
        List<String> spatial = spatialColumns(structure);
        if (!spatial.isEmpty() && cfg.target().engine() == Engine.POSTGRESQL) {
            out.println("spatial columns (" + String.join(", ", spatial.subList(0, Math.min(5, spatial.size())))
                    + (spatial.size() > 5 ? ", ..." : "") + "): " + (structure.targetPostgis() ? "PostGIS geometry"
                    : "bytea holding WKB/EWKB, as the target database has no PostGIS extension (CREATE EXTENSION"
                    + " postgis there to get geometry columns)"));
        }
        rt.hub().createStream(cfg.id(), HUB_BOUND_BYTES);
        Bridge bridge = new Bridge(cfg, rt.hub(), rt.invoker(), progress);
        bridge.start();
        Thread readerThread = new Thread(() -> {
            try {
                reader.run(structure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                progress.error("reader: " + e.getMessage());
                progress.status(StreamStatus.FAILED);
            }
        }, "sluice-reader-main");
        readerThread.setDaemon(true);
        readerThread.start();
        StreamStatus endStatus = watch(cfg, progress, reader);
        bridge.close();
        reader.stop();
        readerThread.join(10_000);
        Map<String, RefusalLog.TableRefusals> refused = Map.of();
        if (progress.isStructureApplied()) {
            refused = refusals(cfg, progress);
            if (refused == null) {
                refused = Map.of();
                endStatus = StreamStatus.FAILED;
            }
        }
        List<Verification.TableVerdict> verdicts = List.of();
        if (endStatus == StreamStatus.FINISHED && cfg.verify()) {
            if (terminal) {
                out.println("verifying: row counts and content checksums on both sides...");
            }
            verdicts = Verification.run(cfg, structure, refused);
        }
        if (!refused.isEmpty() && endStatus != StreamStatus.FAILED && endStatus != StreamStatus.STOPPED) {
            // lossless or loud: every other row is in, but the run did not carry everything
            long values = refused.values().stream().mapToLong(RefusalLog.TableRefusals::values).sum();
            progress.error(values + " value(s) in " + refused.size() + " table(s) were refused under the value"
                    + " policies; their rows were not written (listed under \"refused values\")");
            endStatus = StreamStatus.FAILED;
        }
        rt.hub().deleteStream(cfg.id());
        return new Result(endStatus, verdicts, progress, structure, refused);
    }

    /** What the target's refusal record lists for this stream; null (and an error) when it cannot be read. */
    private static Map<String, RefusalLog.TableRefusals> refusals(StreamConfig cfg, StreamProgress progress) {
        try {
            return readRefusals(cfg);
        } catch (IllegalStateException e) {
            progress.error(e.getMessage());
            return null;
        }
    }

    /** What the target's refusal record lists for stream {@code cfg.id()}; a failure to read it is an error. */
    static Map<String, RefusalLog.TableRefusals> readRefusals(StreamConfig cfg) {
        try (Connection c = Jdbc.connect(cfg.target())) {
            return RefusalLog.read(c, Dialect.of(cfg.target().engine()), cfg.target().schema(), cfg.id(),
                    REFUSED_EXAMPLES);
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("reading the refused values from " + RefusalLog.TABLE + " in "
                    + cfg.target() + " failed: " + e.getMessage(), e);
        }
    }

    private StreamStatus watch(StreamConfig cfg, StreamProgress p, ChunkReaderTask reader) throws InterruptedException {
        ProgressView view = new ProgressView(out, terminal);
        long interval = cfg.reportingInterval().toNanos();
        long lastReport = System.nanoTime();
        long lastApplied = -1;
        long lastChange = System.nanoTime();
        long stuckWarned = 0;
        StreamStatus limitStatus = null;
        long deadline = cfg.limits().elapsedTime().isZero() ? Long.MAX_VALUE
                : p.startNanos() + cfg.limits().elapsedTime().toNanos();
        while (true) {
            Thread.sleep(terminal ? 250 : 100);
            long now = System.nanoTime();
            if (terminal) {
                view.render(p, now);
            }
            if (now - lastReport >= interval) {
                if (!terminal) {
                    view.render(p, now);
                }
                rt.hub().publishTransient(Subjects.status(cfg.id()), p.toJson(now).getBytes(StandardCharsets.UTF_8));
                lastReport = now;
            }
            if (limitStatus == null && now >= deadline) {
                limitStatus = StreamStatus.TIME_LIMIT_REACHED;
                reader.stop();
            }
            if (limitStatus == null && interrupted.get()) {
                limitStatus = StreamStatus.STOPPED;
                reader.stop();
            }
            long applied = p.rowsApplied();
            if (applied != lastApplied) {
                lastApplied = applied;
                lastChange = now;
            } else if (now - lastChange > cfg.stuckAfter().toNanos() && now - stuckWarned > cfg.stuckAfter().toNanos()
                    && p.status() == StreamStatus.RUNNING) {
                stuckWarned = now;
                out.println(stuckMessage(p, cfg));
            }
            if (p.status().isTerminal()) {
                view.render(p, now);
                rt.hub().publishTransient(Subjects.status(cfg.id()), p.toJson(now).getBytes(StandardCharsets.UTF_8));
                if (p.status() == StreamStatus.FINISHED) {
                    if (reader.limitReached()) {
                        return StreamStatus.EVENT_LIMIT_REACHED;
                    }
                    return limitStatus != null ? limitStatus : StreamStatus.FINISHED;
                }
                return p.status();
            }
        }
    }

    static String stuckMessage(StreamProgress p, StreamConfig cfg) {
        StringBuilder sb = new StringBuilder("sluice: no rows applied for " + cfg.stuckAfter().toSeconds() + " s;");
        for (TableProgress t : p.tables()) {
            long pending = t.batchesPublished() - t.batchesApplied();
            if (pending > 0) {
                sb.append(' ').append(t.tableId()).append(": ").append(pending).append(" batch(es) pending;");
            }
        }
        List<String> errors = p.errors();
        if (!errors.isEmpty()) {
            sb.append(" last error: ").append(errors.get(errors.size() - 1));
        }
        return sb.toString();
    }

    /**
     * The target must be reachable, and for PostgreSQL its schema must exist, and PostGIS when the source is
     * PostgreSQL with PostGIS columns. Returns whether the target database has PostGIS.
     */
    private static boolean checkTarget(StreamConfig cfg, Structure s) {
        try (Connection c = Jdbc.connect(cfg.target())) {
            if (cfg.target().engine() == Engine.POSTGRESQL) {
                boolean postgis = Postgis.in(c) == Postgis.State.INSTALLED;
                List<String> spatial = spatialColumns(s);
                if (!postgis && !spatial.isEmpty() && s.sourceEngine() == Engine.POSTGRESQL) {
                    throw new DatabaseException("the source's PostGIS columns (" + String.join(", ", spatial)
                            + ") need PostGIS in target " + cfg.target() + ": CREATE EXTENSION postgis there"
                            + " (nothing was written)", false, null);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                    ps.setString(1, cfg.target().schema());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new DatabaseException("schema '" + cfg.target().schema() + "' does not exist in target "
                                    + cfg.target() + " (create it, or set ?currentSchema=)", false, null);
                        }
                    }
                }
                return postgis;
            }
            return false;
        } catch (SQLException e) {
            throw DatabaseException.during("checking target " + cfg.target(), cfg.target().engine(), e);
        }
    }
}
