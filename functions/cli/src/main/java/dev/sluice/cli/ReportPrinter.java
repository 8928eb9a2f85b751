package dev.sluice.cli;

import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.stats.TableProgress;
import dev.sluice.jdbc.RefusalLog;

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
                    : v.ok() ? v.matched() : "MISMATCH: " + v.problem();
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
        refused(out, r);
        for (String e : p.errors()) {
            out.println("error: " + e);
        }
        long bad = r.verdicts().stream().filter(v -> !v.ok()).count();
        boolean onlyRefused = !r.refused().isEmpty() && p.status() == StreamStatus.FINISHED;
        if (onlyRefused) {
            long rows = r.refused().values().stream().mapToLong(RefusalLog.TableRefusals::rows).sum();
            out.println("the target holds every row but the " + rows + " with refused values: rerun with the policies"
                    + " or overrides named above and existingTables \"drop\" (--drop-existing), or fix those rows"
                    + " on the source");
        } else if (r.status() == StreamStatus.FAILED || r.status() == StreamStatus.STOPPED) {
            if (!p.isStructureApplied()) {
                out.println("nothing was written to the target");
            } else {
                List<String> touched = p.tables().stream().map(t -> t.tableId() + " (" + t.rowsApplied() + " rows)").toList();
                out.println("target left partially loaded: " + String.join(", ", touched)
                        + "; rerun with existingTables \"drop\" (--drop-existing) to start over");
            }
        }
        long refusedValues = r.refused().values().stream().mapToLong(RefusalLog.TableRefusals::values).sum();
        String verdict = bad > 0 ? "FAILED: " + bad + " table(s) differ: " + r.verdicts().stream().filter(v -> !v.ok())
                .map(Verification.TableVerdict::table).collect(Collectors.joining(", "))
                : onlyRefused ? "FAILED: " + refusedValues + " value(s) refused, their rows not written"
                + (r.verdicts().isEmpty() ? "" : "; every written row verified (" + r.verdicts().size() + " tables)")
                : r.status().name() + (r.verdicts().isEmpty() ? "" : ", all " + r.verdicts().size() + " tables verified");
        out.println("status: " + verdict);
    }

    /** Each refused value (up to {@link StreamRunner#REFUSED_EXAMPLES} per table), with what would accept it. */
    private static void refused(PrintStream out, StreamRunner.Result r) {
        if (r.refused().isEmpty()) {
            return;
        }
        out.println("refused values (their rows were not written; every one is in the target table "
                + RefusalLog.TABLE + ", stream_id '" + r.progress().streamId() + "'):");
        for (RefusalLog.TableRefusals t : r.refused().values()) {
            out.printf(Locale.ROOT, "  %s: %,d row(s) left out, %s%n", t.table(), t.rows(),
                    t.valuesPerColumn().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d value(s)",
                            e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
            for (RefusalLog.Refusal x : t.examples()) {
                out.println("    - " + x.table() + "." + x.column() + ", row " + x.rowKey() + ": "
                        + (x.value() == null ? "NULL" : "'" + x.value() + "'") + " refused (valuePolicies."
                        + x.loss().key + " = \"" + x.policy() + "\"); to accept it: " + x.remedy());
            }
            if (t.values() > t.examples().size()) {
                out.printf(Locale.ROOT, "    ... and %,d more%n", t.values() - t.examples().size());
            }
        }
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
