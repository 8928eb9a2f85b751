package dev.sluice.cli;

import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.stats.TableProgress;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The final report: per table rows read and written, bytes, time, rate and verification; totals; notes. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static void print(PrintStream out, StreamRunner.Result r, String title) {
        var p = r.progress();
        Map<String, Verification.TableVerdict> verdicts = r.verdicts().stream()
                .collect(Collectors.toMap(Verification.TableVerdict::table, Function.identity(), (a, b) -> a));
        long end = System.nanoTime();
        int width = Math.max(10, p.tables().stream().mapToInt(t -> t.tableId().length()).max().orElse(10));
        out.println();
        out.println(title);
        out.printf(Locale.ROOT, "%-" + width + "s %12s %12s %10s %8s %12s  %s%n", "table", "rows read", "rows written",
                "bytes", "time", "rows/s", "verification (count, checksum)");
        long totalRead = 0;
        long totalWritten = 0;
        long totalBytes = 0;
        for (TableProgress t : p.tables()) {
            long tEnd = t.endNanos() > 0 ? t.endNanos() : end;
            long dur = t.startNanos() > 0 ? tEnd - t.startNanos() : 0;
            Verification.TableVerdict v = verdicts.get(t.tableId());
            String ver = v == null ? (r.verdicts().isEmpty() ? "not verified" : "-")
                    : v.ok() ? "ok " + String.format(Locale.ROOT, "%,d", v.targetRows()) + " rows, " + v.targetSum()
                    : "MISMATCH: " + v.problem();
            out.printf(Locale.ROOT, "%-" + width + "s %,12d %,12d %10s %8s %,12.0f  %s%n", t.tableId(), t.rowsRead(),
                    t.rowsApplied(), bytes(t.bytesApplied()), ProgressView.seconds(dur),
                    ProgressView.rate(t.rowsApplied(), t.startNanos(), tEnd), ver);
            totalRead += t.rowsRead();
            totalWritten += t.rowsApplied();
            totalBytes += t.bytesApplied();
        }
        long dur = end - p.startNanos();
        out.printf(Locale.ROOT, "%-" + width + "s %,12d %,12d %10s %8s %,12.0f%n", "TOTAL", totalRead, totalWritten,
                bytes(totalBytes), ProgressView.seconds(dur), ProgressView.rate(totalWritten, p.startNanos(), end));
        long dups = p.tables().stream().mapToLong(TableProgress::duplicates).sum();
        if (dups > 0) {
            out.printf(Locale.ROOT, "duplicate deliveries skipped: %,d%n", dups);
        }
        List<String> notes = p.notes();
        if (!notes.isEmpty()) {
            out.println("notes:");
            notes.forEach(n -> out.println("  - " + n));
        }
        for (String e : p.errors()) {
            out.println("error: " + e);
        }
        long bad = r.verdicts().stream().filter(v -> !v.ok()).count();
        if (r.status() == StreamStatus.FAILED || r.status() == StreamStatus.STOPPED) {
            if (!p.isStructureApplied()) {
                out.println("nothing was written to the target");
            } else {
                List<String> touched = p.tables().stream().map(t -> t.tableId() + " (" + t.rowsApplied() + " rows)").toList();
                out.println("target left partially loaded: " + String.join(", ", touched)
                        + "; rerun with existingTables \"drop\" (--drop-existing) to start over");
            }
        }
        String verdict = bad > 0 ? "FAILED: " + bad + " table(s) differ: " + r.verdicts().stream().filter(v -> !v.ok())
                .map(Verification.TableVerdict::table).collect(Collectors.joining(", "))
                : r.status().name() + (r.verdicts().isEmpty() ? "" : ", all " + r.verdicts().size() + " tables verified");
        out.println("status: " + verdict);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GB", b / 1073741824.0);
    }
}
