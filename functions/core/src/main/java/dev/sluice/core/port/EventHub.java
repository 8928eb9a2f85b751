package dev.sluice.core.port;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable message hub between reader and writers (NATS JetStream in production).
 *
 * <p>Lifecycle: {@link #createStream} once per Sluice stream before anything is published;
 * {@link #publish} from readers; {@link #consumer} from the bridge; {@link #deleteStream} when the stream
 * is finished and its report written; {@link #close} releases the connection.
 */
public interface EventHub extends AutoCloseable {

    /** Creates the hub stream for a Sluice stream (idempotent). {@code maxPendingBytes} bounds unconsumed data. */
    void createStream(String streamId, long maxPendingBytes);

    /**
     * Publishes one message durably. The future completes once the hub has stored it, or fails with
     * {@link HubFullException} when the stream is at its bound (the publisher backs off and retries) or
     * another exception. {@code msgId} lets the hub drop a republished duplicate.
     */
    CompletableFuture<Void> publish(String subject, byte[] data, String msgId);

    /** The largest message the hub accepts, in bytes. */
    long maxMessageBytes();

    /** Publishes an unstored, best-effort message (status and progress). */
    void publishTransient(String subject, byte[] data);

    /** Opens (or rejoins) a durable pull consumer with explicit acks on one subject filter. */
    HubConsumer consumer(String streamId, String durable, String filterSubject, Duration ackWait, int maxAckPending);

    /**
     * Removes a durable consumer (no-op if missing); its unacknowledged messages stay in the stream. A consumer
     * created again starts from the oldest message left, in stream order.
     */
    void deleteConsumer(String streamId, String durable);

    /** Removes the hub stream and its consumers. */
    void deleteStream(String streamId);

    @Override
    void close();

    /** A pull consumer. */
    interface HubConsumer extends AutoCloseable {
        /** Up to {@code max} messages, waiting at most {@code wait} for the first. */
        List<Delivery> fetch(int max, Duration wait);

        @Override
        void close();
    }

    /** One delivered message; exactly one of ack, nak or term must be called. */
    interface Delivery {
        String subject();

        byte[] data();

        /** The publisher's message id (for batches: the batch key digest), or null. */
        String messageId();

        /** 1 on first delivery. */
        long deliveryCount();

        /**
         * This delivery's number within its consumer (1, 2, 3... for every delivery, redeliveries included), or
         * -1 when the hub does not number them. A number skipped means a delivery was lost on the way.
         */
        default long consumerSequence() {
            return -1;
        }

        void ack();

        void nak(Duration delay);

        /** Never redeliver (poison). */
        void term();

        /** Extends the ack deadline while a long write runs. */
        void inProgress();
    }

    /** The hub stream is full: back off and publish again. */
    final class HubFullException extends RuntimeException {
        public HubFullException(String message) {
            super(message);
        }
    }
}
