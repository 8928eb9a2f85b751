package dev.sluice.jetstream;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.time.Duration;

/** Sluice's NATS connections: reconnecting without limit, quiet (errors surface as failed calls), named. */
final class NatsConnections {
    private NatsConnections() {
    }

    /** Connects; fails with one message naming the server and what to do when NATS is not reachable. */
    static Connection open(String url, String name) {
        try {
            return Nats.connect(new Options.Builder().server(url).connectionName(name)
                    .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(Duration.ofMillis(500))
                    .errorListener(new ErrorListener() { }).build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS at " + url + ": " + e.getMessage()
                    + " (start it with local/services.sh, or set SLUICE_NATS_URL)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + url, e);
        }
    }
}
