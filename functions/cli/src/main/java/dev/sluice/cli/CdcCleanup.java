package dev.sluice.cli;

import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.control.ControlMessage;
import dev.sluice.core.model.Engine;
import dev.sluice.core.port.Subjects;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jetstream.JetStreamEventHub;
import dev.sluice.jetstream.NatsControlChannel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code sluice cleanup <id> --from URL [--to URL]}: removes what a CDC stream leaves behind once it is
 * finished for good: its JetStream streams, the PostgreSQL replication slot and publication (which hold WAL),
 * Debezium Server's offsets and state directory and, with {@code --to}, the stream's rows in the target's
 * position and fence tables. Prints what it removed; running it again removes nothing and says so. Refuses
 * while a replication of the stream is running.
 */
final class CdcCleanup {
    private CdcCleanup() {
    }

    static int run(String id, Map<String, String> o, PrintStream out) {
        if (id == null) {
            throw new ConfigException("cleanup needs the stream id: sluice cleanup <stream-id> --from URL [--to URL]");
        }
        StreamConfig.checkId(id);
        for (String k : o.keySet()) {
            if (!k.equals("from") && !k.equals("to")) {
                throw new ConfigException("unknown option --" + k + " for cleanup (it takes --from URL and --to URL)");
            }
        }
        if (!o.containsKey("from")) {
            throw new ConfigException("cleanup needs --from URL: the source the stream captured (for PostgreSQL its"
                    + " replication slot and publication are dropped there)");
        }
        ConnectionUrl source = ConnectionUrl.parse(o.get("from"));
        ConnectionUrl target = o.containsKey("to") ? ConnectionUrl.parse(o.get("to")) : null;
        String natsUrl = LocalRuntime.Settings.from(System.getenv()).natsUrl();
        // each removal is printed when done, so a cleanup that fails half-way still says what it removed
        List<String> done = new ArrayList<>();
        java.util.function.Consumer<String> removed = d -> {
            done.add(d);
            out.println("sluice: " + d);
        };
        try (NatsControlChannel ch = NatsControlChannel.connect(natsUrl)) {
            if (ch.request(Subjects.replicationControl(id), ControlMessage.toJson(new ControlMessage.StateQuery())
                    .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2)).isPresent()) {
                throw new IllegalStateException("stream " + id + " is being replicated right now (a sluice replicate"
                        + " answered on its control subject): stop it (Ctrl-C) before cleaning up");
            }
            DebeziumProcess.stopLeftOver(id).ifPresent(removed);
            // the databases first (most likely to refuse: unreachable, slot in use), the offsets last, so that a
            // failed cleanup leaves what a second run needs to find the rest
            if (source.engine() == Engine.POSTGRESQL) {
                dropSlot(source, id).forEach(removed);
            }
            if (target != null) {
                CdcTargetState.remove(target, id).forEach(removed);
            }
            try (JetStreamEventHub hub = JetStreamEventHub.connect(natsUrl)) {
                for (String stream : List.of(Subjects.cdcStreamId(id), id)) {
                    long n = hub.pendingMessages(stream);
                    if (n >= 0) {
                        hub.deleteStream(stream);
                        removed.accept("deleted JetStream stream " + Subjects.hubStream(stream) + " (" + n + " message(s))");
                    }
                }
            }
        }
        Path dir = DebeziumProcess.stateDir(id);
        if (Files.exists(dir)) {
            deleteTree(dir);
            removed.accept("deleted Debezium Server's offsets and state directory " + dir);
        }
        if (done.isEmpty()) {
            out.println("sluice: nothing left of stream " + id + " to remove" + (target == null
                    ? " (add --to URL to also look in the target)" : ""));
        }
        return 0;
    }

    /** Drops the stream's replication slot and publication ({@code sluice_<id>}, lower case, '-' as '_'). */
    private static List<String> dropSlot(ConnectionUrl source, String id) {
        String name = DebeziumProcess.pgSlotName(id);
        List<String> done = new ArrayList<>();
        try (Connection c = Jdbc.connect(source)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT active, active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (rs.getBoolean(1)) {
                            throw new IllegalStateException("replication slot " + name + " in " + source + " is in use"
                                    + " (by server process " + rs.getInt(2) + "): stop the Debezium Server of stream " + id
                                    + " first");
                        }
                        try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                            drop.setString(1, name);
                            drop.execute();
                        }
                        done.add("dropped replication slot " + name + " in " + source);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        try (var st = c.createStatement()) {
                            st.execute("DROP PUBLICATION IF EXISTS \"" + name + "\"");
                        }
                        done.add("dropped publication " + name + " in " + source);
                    }
                }
            }
        } catch (SQLException e) {
            throw DatabaseException.during("dropping the replication slot of stream " + id + " in " + source,
                    Engine.POSTGRESQL, e);
        }
        return done;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
