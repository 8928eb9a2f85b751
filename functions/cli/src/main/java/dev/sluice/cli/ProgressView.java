package dev.sluice.cli;

import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.TableProgress;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Live progress: on a terminal, a bar per table (rows, %, rate, ETA, state) and a total line, redrawn in
 * place; elsewhere (CI, pipes) one stats line per reporting interval.
 */
final class ProgressView {
    private static final int BAR = 24;
    private static final int MAX_TABLE_LINES = 20;
    private final PrintStream out;
    private final boolean terminal;
    private int drawnLines;

    ProgressView(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void render(StreamProgress p, long nowNanos) {
        if (!terminal) {
            out.println(statsLine(p, nowNanos));
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\033[").append(drawnLines).append("F");
        }
        List<TableProgress> tables = p.tables();
        int lines = 0;
        int width = Math.max(12, Math.min(28, tables.stream().mapToInt(t -> t.tableId().length()).max().orElse(12)));
        List<TableProgress> shown = tables.size() > MAX_TABLE_LINES
                ? tables.stream().filter(t -> !"done".equals(t.state())).limit(MAX_TABLE_LINES).toList() : tables;
        for (TableProgress t : shown) {
            sb.append("\033[2K").append(line(t.tableId(), width, t.rowsApplied(), t.expectedRows(), t.percent(),
                    rate(t.rowsApplied(), t.startNanos(), t.endNanos() > 0 ? t.endNanos() : nowNanos), t.state()))
                    .append('\n');
            lines++;
        }
        long applied = p.rowsApplied();
        long expected = Math.max(p.expectedRows(), applied);
        double pct = expected == 0 ? 0 : 100.0 * applied / expected;
        sb.append("\033[2K").append(line("TOTAL", width, applied, expected, pct, rate(applied, p.startNanos(), nowNanos),
                p.status().name().toLowerCase(Locale.ROOT) + " " + seconds(nowNanos - p.startNanos()))).append('\n');
        lines++;
        out.print(sb);
        out.flush();
        drawnLines = lines;
    }

    static String statsLine(StreamProgress p, long nowNanos) {
        long applied = p.rowsApplied();
        long expected = Math.max(p.expectedRows(), applied);
        long done = p.tables().stream().filter(t -> "done".equals(t.state())).count();
        return String.format(Locale.ROOT, "[%s] %s: read %,d, applied %,d of ~%,d rows (%.1f%%), %,.0f rows/s, tables done %d/%d",
                seconds(nowNanos - p.startNanos()), p.status().name().toLowerCase(Locale.ROOT), p.rowsRead(), applied,
                expected, expected == 0 ? 0.0 : 100.0 * applied / expected, rate(applied, p.startNanos(), nowNanos), done,
                p.tables().size());
    }

    private static String line(String name, int width, long rows, long expected, double pct, double rate, String state) {
        int filled = (int) Math.round(BAR * Math.min(100, pct) / 100.0);
        String eta = rate > 0 && expected > rows ? "ETA " + seconds((long) ((expected - rows) / rate * 1e9)) : "";
        String n = name.length() > width ? name.substring(0, width - 1) + "~" : name;
        return String.format(Locale.ROOT, "%-" + width + "s [%s%s] %5.1f%% %,12d/%,-12d %,10.0f rows/s %-10s %s", n,
                "#".repeat(filled), "-".repeat(BAR - filled), pct, rows, Math.max(expected, rows), rate, eta, state);
    }

    static double rate(long rows, long startNanos, long endNanos) {
        if (startNanos == 0 || endNanos <= startNanos) {
            return 0;
        }
        return rows / ((endNanos - startNanos) / 1e9);
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
