package dev.sluice.jetstream;

import dev.sluice.core.port.EventHub;
import dev.sluice.core.port.Subjects;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link EventHub} on NATS JetStream. One hub stream per Sluice stream, work-queue retention (a message is
 * removed once its consumer acked it) and a byte bound with discard-new, so a full stream pushes back on
 * the reader instead of growing. Publishes carry a message id; the stream's duplicate window drops a
 * republished one.
 */
public final class JetStreamEventHub implements EventHub {
    /** JetStream API error codes that mean "stream is at its limits". */
    private static final int ERR_MAX_BYTES = 10077;
    private static final int ERR_MAX_MESSAGES = 10076;
    private static final int ERR_RESOURCES = 10023;

    private final Connection nc;
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final String url;
    private final StorageType hubStorage;

    private JetStreamEventHub(Connection nc, String url, StorageType hubStorage) throws IOException {
        this.nc = nc;
        this.url = url;
        this.hubStorage = hubStorage;
        this.js = nc.jetStream();
        this.jsm = nc.jetStreamManagement();
    }

    /** Connects; fails with a message naming the server and what to do when NATS or JetStream is not there. */
    public static JetStreamEventHub connect(String url) {
        return connect(url, false);
    }

    /**
     * As {@link #connect(String)}; with {@code hubInMemory} the convert hub streams ({@link #createStream}) keep
     * their messages in the NATS server's memory instead of its files: less CPU and no disk traffic, but a NATS
     * restart loses the batches in flight, and the stream then cannot finish (it warns that it is stuck;
     * nothing is reported applied that was not).
     */
    public static JetStreamEventHub connect(String url, boolean hubInMemory) {
        Connection nc = NatsConnections.open(url, "sluice");
        try {
            JetStreamEventHub hub = new JetStreamEventHub(nc, url, hubInMemory ? StorageType.Memory : StorageType.File);
            hub.jsm.getAccountStatistics();
            return hub;
        } catch (IOException | JetStreamApiException e) {
            closeQuietly(nc);
            throw new IllegalStateException("NATS at " + url + " does not have JetStream enabled (start nats-server"
                    + " with -js): " + e.getMessage(), e);
        }
    }

    @Override
    public void createStream(String streamId, long maxPendingBytes) {
        String name = Subjects.hubStream(streamId);
        StreamConfiguration sc = StreamConfiguration.builder().name(name)
                .subjects(Subjects.allData(streamId), Subjects.control(streamId))
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(hubStorage)
                .maxBytes(maxPendingBytes).discardPolicy(DiscardPolicy.New)
                .duplicateWindow(Duration.ofMinutes(2)).build();
        try {
            try {
                jsm.getStreamInfo(name);
            } catch (JetStreamApiException notFound) {
                jsm.addStream(sc);
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot create JetStream stream " + name + " on " + url + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Void> publish(String subject, byte[] data, String msgId) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        js.publishAsync(NatsMessage.builder().subject(subject).data(data).build(),
                        PublishOptions.builder().messageId(msgId).build())
                .whenComplete((ack, err) -> {
                    if (err == null) {
                        out.complete(null);
                        return;
                    }
                    JetStreamApiException api = apiError(err);
                    if (api != null && isFull(api)) {
                        out.completeExceptionally(new HubFullException(api.getMessage()));
                    } else {
                        out.completeExceptionally(err.getCause() != null ? err.getCause() : err);
                    }
                });
        return out;
    }

    /** The JetStream API error anywhere in a failure's cause chain (jnats wraps it differently by path). */
    private static JetStreamApiException apiError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JetStreamApiException api) {
                return api;
            }
        }
        return null;
    }

    private static boolean isFull(JetStreamApiException e) {
        int code = e.getApiErrorCode();
        return code == ERR_MAX_BYTES || code == ERR_MAX_MESSAGES || code == ERR_RESOURCES
                || String.valueOf(e.getMessage()).toLowerCase().contains("maximum");
    }

    @Override
    public long maxMessageBytes() {
        return nc.getServerInfo().getMaxPayload();
    }

    @Override
    public void publishTransient(String subject, byte[] data) {
        nc.publish(subject, data);
    }

    @Override
    public HubConsumer consumer(String streamId, String durable, String filterSubject, Duration ackWait,
                                int maxAckPending) {
        String stream = Subjects.hubStream(streamId);
        ConsumerConfiguration cc = ConsumerConfiguration.builder().durable(durable).filterSubject(filterSubject)
                .ackPolicy(AckPolicy.Explicit).ackWait(ackWait).maxAckPending(maxAckPending)
                .deliverPolicy(DeliverPolicy.All).build();
        try {
            jsm.addOrUpdateConsumer(stream, cc);
            JetStreamSubscription sub = js.subscribe(filterSubject, PullSubscribeOptions.bind(stream, durable));
            return new PullConsumer(sub);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot open JetStream consumer " + durable + " on " + stream + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void deleteConsumer(String streamId, String durable) {
        try {
            jsm.deleteConsumer(Subjects.hubStream(streamId), durable);
        } catch (JetStreamApiException e) {
            // not there
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete consumer " + durable + " of " + Subjects.hubStream(streamId), e);
        }
    }

    @Override
    public void deleteStream(String streamId) {
        try {
            jsm.deleteStream(Subjects.hubStream(streamId));
        } catch (JetStreamApiException e) {
            // already gone
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete JetStream stream " + Subjects.hubStream(streamId), e);
        }
    }

    /** Messages of a durable consumer not yet delivered plus delivered but not acked, or -1 if unknown. */
    public long consumerBacklog(String streamId, String durable) {
        try {
            var info = jsm.getConsumerInfo(Subjects.hubStream(streamId), durable);
            return info.getNumPending() + info.getNumAckPending();
        } catch (IOException | JetStreamApiException e) {
            return -1;
        }
    }

    /** Messages stored in the hub stream (for tests and stuck reports). */
    public long pendingMessages(String streamId) {
        try {
            return jsm.getStreamInfo(Subjects.hubStream(streamId)).getStreamState().getMsgCount();
        } catch (IOException | JetStreamApiException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        closeQuietly(nc);
    }

    private static void closeQuietly(Connection nc) {
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class PullConsumer implements HubConsumer {
        private final JetStreamSubscription sub;

        PullConsumer(JetStreamSubscription sub) {
            this.sub = sub;
        }

        @Override
        public List<Delivery> fetch(int max, Duration wait) {
            List<Message> msgs = sub.fetch(max, wait);
            List<Delivery> out = new ArrayList<>(msgs.size());
            for (Message m : msgs) {
                if (m.isJetStream()) {
                    out.add(new JsDelivery(m));
                }
            }
            return out;
        }

        @Override
        public void close() {
            try {
                sub.unsubscribe();
            } catch (IllegalStateException ignored) {
                // connection already closed
            }
        }
    }

    private record JsDelivery(Message m) implements Delivery {
        @Override
        public String subject() {
            return m.getSubject();
        }

        @Override
        public byte[] data() {
            return m.getData();
        }

        @Override
        public String messageId() {
            return m.hasHeaders() ? m.getHeaders().getFirst("Nats-Msg-Id") : null;
        }

        @Override
        public long deliveryCount() {
            return m.metaData().deliveredCount();
        }

        @Override
        public long consumerSequence() {
            return m.metaData().consumerSequence();
        }

        @Override
        public void ack() {
            m.ack();
        }

        @Override
        public void nak(Duration delay) {
            m.nakWithDelay(delay);
        }

        @Override
        public void term() {
            m.term();
        }

        @Override
        public void inProgress() {
            m.inProgress();
        }
    }
}
