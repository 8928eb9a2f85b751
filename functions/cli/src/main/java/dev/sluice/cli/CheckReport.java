package dev.sluice.cli;

import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.jdbc.LossProbe;
import dev.sluice.jdbc.ValueRefusedException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of {@code sluice check}: aligned tables, one section per concern, the verdict last. */
final class CheckReport {
    private static final int MAX_TYPE = 34;
    private final PrintStream out;

    CheckReport(PrintStream out) {
        this.out = out;
    }

    void header(StreamConfig cfg, Structure s) {
        out.println("sluice check: " + cfg.source() + " -> " + cfg.target());
        if (!cfg.typeOverrides().isEmpty()) {
            out.println("typeOverrides: " + cfg.typeOverrides());
        }
        out.println("valuePolicies: " + (cfg.valuePolicies().isDefault() ? "all \"error\" (the default)"
                : cfg.valuePolicies().toJson() + ", the others \"error\""));
    }

    void tables(Structure s) {
        long rows = s.tables().stream().mapToLong(Table::estimatedRows).sum();
        out.printf(Locale.ROOT, "%ntables: %d, ~%,d rows%n", s.tables().size(), rows);
        int w = width(s.tables().stream().map(Table::name).toList(), "table");
        out.printf(Locale.ROOT, "  %-" + w + "s %12s  %s%n", "table", "rows (est.)", "primary key");
        for (Table t : s.tables()) {
            String key = t.customQuery() != null ? "none (custom query)" : t.hasPrimaryKey()
                    ? String.join(", ", t.primaryKey()) : "none (one pass, duplicate rows kept)";
            out.printf(Locale.ROOT, "  %-" + w + "s %,12d  %s%n", t.name(), t.estimatedRows(), key);
        }
    }

    void columns(List<CheckCommand.ColumnCheck> cols, List<String> problems) {
        List<String> names = cols.stream().map(c -> c.table().name() + "." + c.column().name()).toList();
        int w = width(names, "column");
        int ws = Math.min(MAX_TYPE, width(cols.stream().map(c -> c.column().nativeType()).toList(), "source type"));
        int wt = Math.min(MAX_TYPE, width(cols.stream().map(c -> c.type().ddl()).toList(), "target type"));
        List<String> values = cols.stream().map(CheckReport::verdict).toList();
        int wv = width(values, "values");
        out.printf("%ncolumns:%n");
        String fmt = "  %-" + w + "s  %-" + ws + "s  %-" + wt + "s  %-" + wv + "s  %s%n";
        out.printf(fmt, "column", "source type", "target type", "values", "rule");
        List<String> details = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            CheckCommand.ColumnCheck c = cols.get(i);
            out.printf(fmt, names.get(i), cut(c.column().nativeType()), cut(c.type().ddl()), values.get(i),
                    c.type().rule());
            for (LossProbe.Found f : c.found()) {
                String line = names.get(i) + ": " + String.format(Locale.ROOT, "%,d", f.count()) + " value(s) such as "
                        + f.example() + " are " + f.loss().what;
                if (CheckCommand.refuses(c.table(), f.loss())) {
                    String fix = f.loss().policies.isEmpty() ? "" : "set valuePolicies." + f.loss().key + " to "
                            + f.loss().alternatives() + ", or ";
                    String type = ValueRefusedException.override(f.loss());
                    details.add(line + " -> REFUSED under valuePolicies." + f.loss().key + " = \"error\" (" + fix
                            + (type == null ? "choose a target type" : "keep them exactly") + " with typeOverrides {\""
                            + names.get(i) + "\": \"" + (type == null ? "..." : type) + "\"})");
                    problems.add(names.get(i) + ": " + f.count() + " value(s) the target cannot hold ("
                            + f.loss().key + ")");
                } else {
                    details.add(line + " -> changed under valuePolicies." + f.loss().key + " = \""
                            + CheckCommand.policy(c.table(), f.loss()) + "\"");
                }
            }
        }
        if (!details.isEmpty()) {
            out.printf("%nvalues the target cannot hold as they are:%n");
            details.forEach(d -> out.println("  " + d));
        }
    }

    /** exact | checked (kinds) | FAIL | changed (policy) for the values column. */
    private static String verdict(CheckCommand.ColumnCheck c) {
        if (c.type().guards().isEmpty()) {
            return c.type().isOverride() ? "as chosen" : "exact";
        }
        if (c.found().isEmpty()) {
            return "exact (checked)";
        }
        List<String> parts = new ArrayList<>();
        for (LossProbe.Found f : c.found()) {
            parts.add(CheckCommand.refuses(c.table(), f.loss()) ? "FAIL " + f.loss().key
                    : "changed " + f.loss().key + "=" + CheckCommand.policy(c.table(), f.loss()));
        }
        return String.join(", ", parts);
    }

    void structure(List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        out.printf("%nschema:%n");
        notes.forEach(n -> out.println("  - " + n));
    }

    void target(List<String> existing, ExistingTables policy, List<String> problems) {
        out.println();
        if (existing.isEmpty()) {
            out.println("target: none of these tables exists yet");
        } else if (CheckCommand.failsExisting(existing, policy)) {
            out.println("target: table(s) " + String.join(", ", existing) + " already exist: the run would stop"
                    + " (use --drop-existing, or existingTables \"truncate\")");
            problems.add("target already has table(s) " + String.join(", ", existing));
        } else {
            out.println("target: table(s) " + String.join(", ", existing) + " already exist and would be "
                    + (policy == ExistingTables.DROP ? "dropped and recreated" : "emptied"));
        }
    }

    void cdc(List<String> cdcProblems) {
        if (cdcProblems.isEmpty()) {
            out.println("CDC readiness: ready (change data capture could follow this copy)");
            return;
        }
        out.println("CDC readiness: not ready (a convert run does not need it):");
        cdcProblems.forEach(p -> out.println("  - " + p));
    }

    void verdict(List<String> problems) {
        out.println();
        if (problems.isEmpty()) {
            out.println("result: OK: every value would be copied exactly or under a policy you chose");
            return;
        }
        out.println("result: " + problems.size() + " problem(s) would fail the run:");
        problems.forEach(p -> out.println("  - " + p));
    }

    private static int width(List<String> values, String header) {
        return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
    }

    private static String cut(String s) {
        return s.length() <= MAX_TYPE ? s : s.substring(0, MAX_TYPE - 3) + "...";
    }
}
