package dev.sluice.cli;

import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.stats.TableChecksum;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.Verifier;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Verifies every table of a finished stream: row count and content checksum on both sides, in parallel. */
final class Verification {

    /** One table's verdict. */
    record TableVerdict(String table, long sourceRows, long targetRows, String sourceSum, String targetSum,
                        String error) {
        boolean ok() {
            return error == null && sourceRows == targetRows && sourceSum.equals(targetSum);
        }

        String problem() {
            if (error != null) {
                return error;
            }
            if (sourceRows != targetRows) {
                return "row count differs: source " + sourceRows + ", target " + targetRows;
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
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sluice-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TableChecksum>> src = new ArrayList<>();
            List<Future<TableChecksum>> dst = new ArrayList<>();
            for (Table t : s.tables()) {
                src.add(pool.submit(() -> side(cfg, t, true)));
                dst.add(pool.submit(() -> side(cfg, t, false)));
            }
            List<TableVerdict> out = new ArrayList<>();
            for (int i = 0; i < s.tables().size(); i++) {
                String name = s.tables().get(i).name();
                try {
                    TableChecksum a = src.get(i).get();
                    TableChecksum b = dst.get(i).get();
                    out.add(new TableVerdict(name, a.rows(), b.rows(), a.hex(), b.hex(), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(new TableVerdict(name, -1, -1, "", "", "verification failed: " + e.getCause().getMessage()));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static TableChecksum side(StreamConfig cfg, Table t, boolean source) throws Exception {
        var url = source ? cfg.source() : cfg.target();
        try (Connection c = Jdbc.connect(url)) {
            return Verifier.checksum(c, url.engine(), t, source ? t.schema() : url.schema(), source);
        }
    }
}
