package dev.sluice.cli;

import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.stats.TableChecksum;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.types.TargetType;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.RefusalLog;
import dev.sluice.jdbc.Verifier;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Verifies every table of a finished stream: row count and content checksum on both sides, in parallel.
 *
 * <p>Rows left out because a value policy refused one of their values are accounted for, not hidden: the
 * source side reads every row, applies the same guards as the writers and leaves the refused rows out of its
 * count and checksum; what remains must equal the target exactly, and the number left out must equal the
 * number of rows the target's refusal record lists. So a table with refused rows verifies its written rows,
 * and a row missing for any other reason is still a mismatch.
 */
final class Verification {

    /**
     * One table's verdict.
     *
     * @param sourceRows  every row on the source
     * @param refusedRows source rows holding a value the policies refuse (left out of {@code sourceSum})
     * @param recorded    rows the target's refusal record lists for this table
     */
    record TableVerdict(String table, long sourceRows, long refusedRows, long recorded, long targetRows,
                        String sourceSum, String targetSum, String error) {
        TableVerdict(String table, long sourceRows, long targetRows, String sourceSum, String targetSum, String error) {
            this(table, sourceRows, 0, 0, targetRows, sourceSum, targetSum, error);
        }

        boolean ok() {
            return problem() == null;
        }

        /** What a matching table shows: its rows and checksum, and the refused rows left out of the source. */
        String matched() {
            return String.format(java.util.Locale.ROOT, "ok %,d rows, %s", targetRows, targetSum) + (refusedRows > 0
                    ? String.format(java.util.Locale.ROOT, " (source %,d rows: %,d refused, left out)", sourceRows,
                    refusedRows) : "");
        }

        String problem() {
            if (error != null) {
                return error;
            }
            if (refusedRows != recorded) {
                return "the source holds " + refusedRows + " row(s) with refused values, the target's record ("
                        + RefusalLog.TABLE + ") lists " + recorded;
            }
            if (sourceRows - refusedRows != targetRows) {
                return "row count differs: source " + sourceRows + (refusedRows > 0 ? " (" + refusedRows + " refused)"
                        : "") + ", target " + targetRows;
            }
            if (!sourceSum.equals(targetSum)) {
                return "content checksum differs: source " + sourceSum + ", target " + targetSum;
            }
            return null;
        }
    }

    private Verification() {
    }

    static List<TableVerdict> run(StreamConfig cfg, Structure s) throws InterruptedException {
        return run(cfg, s, Map.of());
    }

    /** @param refused what the target's refusal record lists per table (tables without refusals absent) */
    static List<TableVerdict> run(StreamConfig cfg, Structure s, Map<String, RefusalLog.TableRefusals> refused)
            throws InterruptedException {
        CastRules rules = CastRules.forStructure(s, cfg.target().engine());
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sluice-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TableChecksum>> src = new ArrayList<>();
            List<Future<TableChecksum>> dst = new ArrayList<>();
            for (Table t : s.tables()) {
                List<TargetType> types = Dialect.targetColumns(t, rules);
                src.add(pool.submit(() -> side(cfg, t, true, types)));
                dst.add(pool.submit(() -> side(cfg, t, false, types)));
            }
            List<TableVerdict> out = new ArrayList<>();
            for (int i = 0; i < s.tables().size(); i++) {
                String name = s.tables().get(i).name();
                RefusalLog.TableRefusals rec = refused.get(name);
                try {
                    TableChecksum a = src.get(i).get();
                    TableChecksum b = dst.get(i).get();
                    out.add(new TableVerdict(name, a.rows() + a.leftOut(), a.leftOut(), rec == null ? 0 : rec.rows(),
                            b.rows(), a.hex(), b.hex(), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(new TableVerdict(name, -1, -1, "", "", "verification failed: " + e.getCause().getMessage()));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static TableChecksum side(StreamConfig cfg, Table t, boolean source, List<TargetType> types)
            throws Exception {
        var url = source ? cfg.source() : cfg.target();
        try (Connection c = Jdbc.connect(url)) {
            return Verifier.checksum(c, url.engine(), t, source ? t.schema() : url.schema(), source, types);
        }
    }
}
