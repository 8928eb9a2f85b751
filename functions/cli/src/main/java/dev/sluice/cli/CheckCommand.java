package dev.sluice.cli;

import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.TypeOverrides;
import dev.sluice.core.types.ValueLoss;
import dev.sluice.core.types.ValuePolicies;
import dev.sluice.jdbc.CdcReadiness;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.LossProbe;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice check}: the pre-flight of a stream without running it. Lists the tables with row estimates
 * and keys, each column's cast rule and target type, the source values the target could not hold and what
 * the current policies would do with them, what the target schema would not get as it is, whether target
 * tables are in the way, and CDC readiness. Exit 0 when a run would succeed, 1 when something would fail.
 */
final class CheckCommand {
    private static final List<String> OPTIONS = List.of("from", "to", "tables", "config", "cdc");

    private CheckCommand() {
    }

    /** A column's decision and what its values would meet. */
    record ColumnCheck(Table table, Column column, TargetType type, List<LossProbe.Found> found) {
    }

    static int run(Map<String, String> o, PrintStream out) {
        StreamConfig cfg = config(o);
        Structure s = TypeOverrides.apply(StreamRunner.preflight(cfg), cfg);
        CastRules rules = CastRules.forStructure(s, cfg.target().engine());
        List<ColumnCheck> columns = new ArrayList<>();
        try (Connection c = Jdbc.connect(cfg.source())) {
            for (Table t : s.tables()) {
                for (Column col : t.columns()) {
                    TargetType type = rules.map(col);
                    List<LossProbe.Found> found = new ArrayList<>();
                    for (ValueLoss l : type.guards()) {
                        LossProbe.Found f = t.customQuery() == null
                                ? LossProbe.probe(c, s.sourceEngine(), t, col, type, l) : null;
                        if (f != null) {
                            found.add(f);
                        }
                    }
                    columns.add(new ColumnCheck(t, col, type, found));
                }
            }
        } catch (SQLException e) {
            throw DatabaseException.during("checking values in " + cfg.source(), cfg.source().engine(), e);
        }
        List<String> problems = new ArrayList<>();
        CheckReport report = new CheckReport(out);
        report.header(cfg, s);
        report.tables(s);
        report.columns(columns, problems);
        report.structure(structureNotes(s, cfg, rules));
        report.target(existingTargetTables(cfg, s), cfg.existingTables(), problems);
        List<String> cdc = CdcReadiness.problems(cfg.source(), s);
        report.cdc(cdc);
        if (o.containsKey("cdc")) {
            cdc.forEach(p -> problems.add("CDC: " + p));
        }
        report.verdict(problems);
        return problems.isEmpty() ? 0 : 1;
    }

    static StreamConfig config(Map<String, String> o) {
        return Main.baseConfig(o, "check", OPTIONS);
    }

    /** What creating the target schema would report: the DDL is built, not run. */
    private static List<String> structureNotes(Structure s, StreamConfig cfg, CastRules rules) {
        Dialect d = Dialect.of(cfg.target().engine());
        List<String> notes = new ArrayList<>();
        for (Table t : s.tables()) {
            d.createTable(s, t, cfg.target().schema(), rules, notes::add);
            d.createIndexes(s, t, cfg.target().schema(), rules, notes::add);
            if (!t.checks().isEmpty()) {
                notes.add(t.name() + ": " + t.checks().size() + " CHECK constraint(s), added after the data"
                        + (s.sourceEngine().isMySqlFamily() == cfg.target().engine().isMySqlFamily() ? ""
                        : " (translated; one the target refuses is reported with its SQL)"));
            }
            if (!t.hasPrimaryKey() && t.customQuery() == null) {
                notes.add(t.name() + ": no primary key: copied in one pass, duplicate rows kept");
            }
        }
        if (!s.views().isEmpty()) {
            notes.add(s.views().size() + " view(s), created after the tables"
                    + (s.sourceEngine().isMySqlFamily() == cfg.target().engine().isMySqlFamily() ? ""
                    : " where their SQL translates; the others are reported with their SQL"));
        }
        return notes;
    }

    private static List<String> existingTargetTables(StreamConfig cfg, Structure s) {
        Dialect d = Dialect.of(cfg.target().engine());
        List<String> existing = new ArrayList<>();
        try (Connection c = Jdbc.connect(cfg.target())) {
            for (Table t : s.tables()) {
                if (d.tableExists(c, cfg.target().schema(), t.name())) {
                    existing.add(t.name());
                }
            }
        } catch (SQLException e) {
            throw DatabaseException.during("checking target " + cfg.target(), cfg.target().engine(), e);
        }
        return existing;
    }

    /** The policy a column's values of a kind would meet. */
    static String policy(Table t, ValueLoss l) {
        return t.policies().action(l);
    }

    static boolean refuses(Table t, ValueLoss l) {
        return policy(t, l).equals(ValuePolicies.ERROR);
    }

    static boolean failsExisting(List<String> existing, ExistingTables policy) {
        return !existing.isEmpty() && policy == ExistingTables.FAIL;
    }
}
