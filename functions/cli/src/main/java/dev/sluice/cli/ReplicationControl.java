package dev.sluice.cli;

import dev.sluice.core.config.StreamConfig;
import dev.sluice.bridge.cdc.CdcBridge;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.control.ControlMessage;
import dev.sluice.core.port.Subjects;
import dev.sluice.jetstream.NatsControlChannel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Pause and resume of a running {@code sluice replicate}: the process serves PAUSE, RESUME and STATE requests
 * (JSON control messages, core NATS request/reply on {@code sluice.<id>.ctl.replicate}) and answers with its
 * state; {@code sluice pause <id>} and {@code sluice resume <id>} send them. A pause stops the CDC bridge from
 * fetching: Debezium Server goes on capturing into the durable JetStream stream, nothing is lost, and a resume
 * applies what was captured meanwhile, in order.
 */
final class ReplicationControl implements AutoCloseable {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    private final NatsControlChannel channel;
    private final AutoCloseable serving;
    private final LongSupplier waiting;
    private volatile boolean paused;
    private volatile CdcBridge bridge;

    private ReplicationControl(NatsControlChannel channel, String streamId) {
        this.channel = channel;
        this.waiting = () -> channel.storedMessages(Subjects.hubStream(Subjects.cdcStreamId(streamId)),
                Subjects.cdc(streamId), "._heartbeat");
        this.serving = channel.serve(Subjects.replicationControl(streamId), this::answer);
    }

    /**
     * Starts serving the control requests of stream {@code id}; refuses when another process already serves
     * them (two replications of one stream would apply everything twice over).
     */
    static ReplicationControl serve(String natsUrl, String id) {
        NatsControlChannel ch = NatsControlChannel.connect(natsUrl);
        try {
            if (ch.request(Subjects.replicationControl(id), json(new ControlMessage.StateQuery()),
                    Duration.ofSeconds(1)).isPresent()) {
                throw new IllegalStateException("stream " + id + " is already being replicated by another sluice process"
                        + " (it answered on " + Subjects.replicationControl(id) + "): stop that one first");
            }
            return new ReplicationControl(ch, id);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The bridge that pause and resume act on from now (null while the bulk copy runs). */
    void follow(CdcBridge b) {
        this.bridge = b;
        if (b != null && paused) {
            b.pause();
        }
    }

    /** Changes held in JetStream, not acked yet (captured, not applied or just being applied); -1 if unknown. */
    long waiting() {
        return waiting.getAsLong();
    }

    boolean paused() {
        return paused;
    }

    private byte[] answer(byte[] request) {
        ControlMessage m;
        try {
            m = ControlMessage.fromJson(new String(request, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null; // not a control request: no answer
        }
        CdcBridge b = bridge;
        if (m instanceof ControlMessage.Pause) {
            paused = true;
            if (b != null) {
                b.pause();
            }
        } else if (m instanceof ControlMessage.Resume) {
            paused = false;
            if (b != null) {
                b.resume();
            }
        } else if (!(m instanceof ControlMessage.StateQuery)) {
            return null;
        }
        return json(state());
    }

    ControlMessage.ReplicationState state() {
        CdcBridge b = bridge;
        // PAUSING: batches handed to writers before the pause are still being applied (retries included)
        String s = paused ? (b != null && b.captured() > b.applied() ? "PAUSING" : "PAUSED")
                : b == null ? "COPYING" : "RUNNING";
        long w = waiting.getAsLong();
        long applied = b == null ? 0 : b.applied();
        long captured = b == null ? 0 : paused ? Math.max(b.captured(), applied + Math.max(0, w)) : b.captured();
        return new ControlMessage.ReplicationState(s, captured, applied, w);
    }

    @Override
    public void close() {
        try {
            serving.close();
        } catch (Exception ignored) {
            // closing the connection below ends it anyway
        }
        channel.close();
    }

    /** {@code sluice pause <id>} / {@code sluice resume <id>}. */
    static int command(String command, String id, Map<String, String> opts, PrintStream out) {
        if (id == null) {
            throw new ConfigException(command + " needs the stream id: sluice " + command + " <stream-id>");
        }
        StreamConfig.checkId(id);
        if (!opts.isEmpty()) {
            throw new ConfigException("unknown option --" + opts.keySet().iterator().next() + " for " + command);
        }
        ControlMessage req = switch (command) {
            case "pause" -> new ControlMessage.Pause();
            case "resume" -> new ControlMessage.Resume();
            default -> new ControlMessage.StateQuery();
        };
        String url = LocalRuntime.Settings.from(System.getenv()).natsUrl();
        try (NatsControlChannel ch = NatsControlChannel.connect(url)) {
            Optional<byte[]> a = ch.request(Subjects.replicationControl(id), json(req), ANSWER_WITHIN);
            if (a.isEmpty()) {
                throw new IllegalStateException("no running replication of stream '" + id + "' answered (NATS at " + url
                        + "): is 'sluice replicate' running with this stream id and the same SLUICE_NATS_URL?");
            }
            ControlMessage.ReplicationState s = (ControlMessage.ReplicationState) ControlMessage.fromJson(
                    new String(a.get(), StandardCharsets.UTF_8));
            out.println(describe(id, s));
        }
        return 0;
    }

    static String describe(String id, ControlMessage.ReplicationState s) {
        return String.format(Locale.ROOT, "stream %s: %s (captured %,d, applied %,d%s)", id, s.state(), s.captured(),
                s.applied(), s.waiting() >= 0 ? String.format(Locale.ROOT, ", %,d waiting in JetStream", s.waiting()) : "")
                + (s.state().startsWith("PAUS") ? "; Debezium Server keeps capturing; 'sluice resume " + id + "' applies"
                + " what was captured meanwhile" : "");
    }

    private static byte[] json(ControlMessage m) {
        return ControlMessage.toJson(m).getBytes(StandardCharsets.UTF_8);
    }
}
