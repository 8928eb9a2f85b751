package dev.sluice.jetstream;

import dev.sluice.core.port.EventHub;
import dev.sluice.core.port.Subjects;
import org.junit.jupiter.api.Assumptions;
import io.nats.client.api.StorageType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub against the machine's NATS JetStream: a full stream pushes back instead of failing. */
class JetStreamEventHubTest {

    private static JetStreamEventHub hub(boolean inMemory) {
        boolean up;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 4222), 1000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        Assumptions.assumeTrue(up, "NATS is not listening on 127.0.0.1:4222: run local/services.sh");
        return JetStreamEventHub.connect("nats://127.0.0.1:4222", inMemory);
    }

    @ParameterizedTest(name = "in memory: {0}")
    @ValueSource(booleans = {false, true})
    void aFullStreamSaysSoAndTakesMessagesAgainOnceDrained(boolean inMemory) throws Exception {
        try (JetStreamEventHub hub = hub(inMemory)) {
            String id = "hubtest" + System.nanoTime();
            hub.createStream(id, 64 * 1024);
            try (io.nats.client.Connection nc = io.nats.client.Nats.connect("nats://127.0.0.1:4222")) {
                assertEquals(inMemory ? StorageType.Memory : StorageType.File, nc.jetStreamManagement()
                        .getStreamInfo(Subjects.hubStream(id)).getConfiguration().getStorageType());
            }
            byte[] kb = new byte[1024];
            int stored = 0;
            Throwable refused = null;
            for (int i = 0; i < 200 && refused == null; i++) {
                try {
                    hub.publish(Subjects.data(id, 0), kb, id + "-" + i).get();
                    stored++;
                } catch (ExecutionException e) {
                    refused = e.getCause();
                }
            }
            assertTrue(refused instanceof EventHub.HubFullException, "a full stream is reported as full: " + refused);
            assertTrue(stored > 20 && stored < 70, "about 64 KiB were stored: " + stored);
            try (EventHub.HubConsumer c = hub.consumer(id, "data", Subjects.allData(id), Duration.ofSeconds(30), 1000)) {
                int drained = 0;
                while (drained < stored) {
                    List<EventHub.Delivery> got = c.fetch(100, Duration.ofSeconds(2));
                    got.forEach(EventHub.Delivery::ack);
                    drained += got.size();
                }
                assertEquals(stored, drained);
            }
            // acks free the room asynchronously: the hub takes messages again within moments
            long deadline = System.currentTimeMillis() + 10_000;
            int again = 0;
            while (again < 10) {
                try {
                    hub.publish(Subjects.data(id, 0), kb, id + "-again-" + again).get();
                    again++;
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof EventHub.HubFullException, e.getCause().toString());
                    assertTrue(System.currentTimeMillis() < deadline, "the drained stream never took messages again");
                    Thread.sleep(50);
                }
            }
            hub.deleteStream(id);
        }
    }
}
