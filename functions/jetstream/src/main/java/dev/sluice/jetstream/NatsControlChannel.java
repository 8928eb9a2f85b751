package dev.sluice.jetstream;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Request and reply over core NATS (nothing stored): a running process serves a subject, a command line asks
 * it. Used for the control requests of a running replication (pause, resume, state). One connection of its
 * own, reconnecting without limit, so a served subject comes back after a NATS restart.
 */
public final class NatsControlChannel implements AutoCloseable {
    private final Connection nc;
    private final String url;

    private NatsControlChannel(Connection nc, String url) {
        this.nc = nc;
        this.url = url;
    }

    /** Connects; fails with a message naming the server when NATS is not reachable. */
    public static NatsControlChannel connect(String url) {
        return new NatsControlChannel(NatsConnections.open(url, "sluice-control"), url);
    }

    /**
     * Answers every request on {@code subject} with what {@code handler} returns for its body (no answer when
     * it returns null). Closing the returned handle stops serving.
     */
    public AutoCloseable serve(String subject, UnaryOperator<byte[]> handler) {
        Dispatcher d = nc.createDispatcher((Message m) -> {
            byte[] reply;
            try {
                reply = handler.apply(m.getData());
            } catch (RuntimeException e) {
                reply = null;
            }
            if (reply != null && m.getReplyTo() != null) {
                nc.publish(m.getReplyTo(), reply);
            }
        });
        d.subscribe(subject);
        return () -> nc.closeDispatcher(d);
    }

    /** Sends a request and waits for the first answer; empty when nobody serves the subject or none came in time. */
    public Optional<byte[]> request(String subject, byte[] body, Duration timeout) {
        try {
            Message m = nc.request(subject, body).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.ofNullable(m).map(Message::getData);
        } catch (CancellationException | ExecutionException | TimeoutException e) {
            return Optional.empty(); // "no responders" (NATS 2.2+) or no answer in time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Messages a JetStream stream holds on subjects matching {@code filter}, leaving out subjects that end with
     * {@code exceptSuffix} (e.g. heartbeats); -1 when the stream does not exist or NATS cannot tell now.
     */
    public long storedMessages(String stream, String filter, String exceptSuffix) {
        try {
            var state = nc.jetStreamManagement().getStreamInfo(stream,
                    io.nats.client.api.StreamInfoOptions.filterSubjects(filter)).getStreamState();
            long n = 0;
            for (var s : state.getSubjects()) {
                if (!s.getName().endsWith(exceptSuffix)) {
                    n += s.getCount();
                }
            }
            return n;
        } catch (IOException | io.nats.client.JetStreamApiException | RuntimeException e) {
            return -1;
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
