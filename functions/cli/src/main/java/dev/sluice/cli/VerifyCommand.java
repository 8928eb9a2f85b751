package dev.sluice.cli;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.jdbc.RefusalLog;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice verify}: compares source and target table by table (row count and content checksum, the same
 * check a migration ends with), for a cutover: stop writes to the source, then verify. With {@code --wait N}
 * the check is repeated until every table is equal or N seconds passed, as the last changes of a replication
 * may still be on their way (Debezium Server restarting, changes waiting in JetStream). Exit 0 when every
 * table is equal, 1 when one differs.
 */
final class VerifyCommand {
    static final List<String> OPTIONS = List.of("from", "to", "tables", "config", "id", "wait");
    private static final long PAUSE_MS = 2_000;

    private VerifyCommand() {
    }

    static int run(Map<String, String> o, PrintStream out) throws InterruptedException {
        StreamConfig cfg = Main.baseConfig(o, "verify", OPTIONS);
        long waitSeconds = o.containsKey("wait") ? Main.intOption(o, "wait") : 0;
        if (waitSeconds < 0) {
            throw new ConfigException("--wait must be a number of seconds, 0 or more");
        }
        if (o.containsKey("id")) {
            cfg = cfg.withId(o.get("id"));
        }
        Structure s = StreamRunner.preflight(cfg);
        Map<String, RefusalLog.TableRefusals> refused = o.containsKey("id") ? StreamRunner.readRefusals(cfg) : Map.of();
        out.println("sluice: verifying " + s.tables().size() + " table(s): " + cfg.source() + " -> " + cfg.target());
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        int attempt = 1;
        while (true) {
            List<Verification.TableVerdict> verdicts = Verification.run(cfg, s, refused);
            long bad = verdicts.stream().filter(v -> !v.ok()).count();
            if (bad == 0 || System.nanoTime() + PAUSE_MS * 1_000_000L > deadline) {
                print(out, verdicts);
                out.println(bad == 0 ? "status: EQUAL, all " + verdicts.size() + " table(s) match by count and checksum"
                        : "status: DIFFERENT, " + bad + " of " + verdicts.size() + " table(s) differ"
                        + (attempt > 1 ? " after " + attempt + " checks in " + waitSeconds + " s" : ""));
                return bad == 0 ? 0 : 1;
            }
            out.printf(Locale.ROOT, "check %d: %d of %d table(s) differ (%s); checking again%n", attempt, bad,
                    verdicts.size(), String.join(", ", verdicts.stream().filter(v -> !v.ok())
                            .map(Verification.TableVerdict::table).toList()));
            attempt++;
            Thread.sleep(PAUSE_MS);
        }
    }

    private static void print(PrintStream out, List<Verification.TableVerdict> verdicts) {
        int width = Math.max(10, verdicts.stream().mapToInt(v -> v.table().length()).max().orElse(10));
        for (Verification.TableVerdict v : verdicts) {
            out.printf(Locale.ROOT, "  %-" + width + "s %s%n", v.table(), v.ok() ? v.matched() : "DIFFERS: " + v.problem());
        }
    }
}
