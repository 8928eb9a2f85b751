package dev.sluice.reader;

import dev.sluice.core.port.EventHub;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Publishes with a bounded window of unacknowledged messages per reader thread, and backs off while the hub
 * stream is full: the reader slows to the writers' pace instead of buffering. A message is only counted as
 * sent once the hub acknowledged it; an unacknowledged one is republished (the hub and the writers' batch
 * keys drop any duplicate this creates).
 */
final class HubPublisher {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private final EventHub hub;
    private final int window;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private record Pending(String subject, byte[] data, String msgId, CompletableFuture<Void> ack) {
    }

    HubPublisher(EventHub hub, int window) {
        this.hub = hub;
        this.window = window;
    }

    void publish(String subject, byte[] data, String msgId) throws InterruptedException {
        pending.addLast(new Pending(subject, data, msgId, hub.publish(subject, data, msgId)));
        while (pending.size() > window) {
            awaitOldest();
        }
    }

    /** Waits until every message published so far is stored by the hub. */
    void flush() throws InterruptedException {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() throws InterruptedException {
        Pending p = pending.peekFirst();
        long backoff = 20;
        int attempts = 0;
        while (true) {
            try {
                p.ack().get();
                pending.removeFirst();
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                boolean full = cause instanceof EventHub.HubFullException;
                if (!full && ++attempts > 10) {
                    throw new IllegalStateException("publishing to the event hub failed 10 times: " + cause.getMessage(),
                            cause);
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
                p = new Pending(p.subject(), p.data(), p.msgId(), hub.publish(p.subject(), p.data(), p.msgId()));
                pending.removeFirst();
                pending.addFirst(p);
            }
        }
    }
}
