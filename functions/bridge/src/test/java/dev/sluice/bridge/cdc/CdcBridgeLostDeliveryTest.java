package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.port.EventHub;
import dev.sluice.core.stats.LagStats;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delivery lost between JetStream and the bridge (the connection dropped mid-fetch; the server counts it as
 * delivered and would only send it again after the ack wait) must not be overtaken: the bridge sees the skipped
 * consumer sequence number, starts a fresh consumer, and every change is applied once, in log order. Without
 * that, the later changes would move the target's position past the lost one, which would then be skipped as
 * "already applied" when it came back.
 */
class CdcBridgeLostDeliveryTest {

    @ParameterizedTest(name = "delivery {0} of 8 lost")
    @ValueSource(ints = {1, 2, 5, 8})
    void aLostDeliveryIsFetchedAgainBeforeAnythingAfterIt(int lost) throws Exception {
        Structure s = oneTable();
        StreamConfig cfg = config();
        FakeHub hub = new FakeHub(lost);
        for (int i = 1; i <= 8; i++) {
            hub.messages.add(("{\"op\": \"c\", \"source\": {\"table\": \"t\", \"lsn\": " + (1000 + i) + ", \"ts_ms\": 1},"
                    + " \"after\": {\"id\": " + i + ", \"v\": \"row " + i + "\"}}").getBytes(StandardCharsets.UTF_8));
        }
        FakeTarget target = new FakeTarget();
        StreamProgress progress = new StreamProgress("lost", System.nanoTime());
        CdcBridge bridge = new CdcBridge(cfg, s, hub, target::invoke, progress, new LagStats(), Clock.systemUTC());
        bridge.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (hub.acked.size() < 8 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        bridge.close();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), target.applied, "every change once, in log order");
        assertEquals(8, hub.acked.size(), "every change acked");
        assertEquals(1, bridge.consumerRestarts(), "the consumer was started again once");
        assertTrue(progress.errors().isEmpty(), progress.errors().toString());
    }

    /** Table public.t (id int primary key, v text). */
    static Structure oneTable() {
        Column id = new Column("id", "int", SqlKind.INT32, 0, 10, 0, false, false, null, false, null, null);
        Column v = new Column("v", "text", SqlKind.TEXT, 0, -1, -1, false, true, null, false, null, null);
        Table t = new Table("public", "t", List.of(id, v), List.of("id"), List.of(), List.of(), 0, null);
        return new Structure(Engine.POSTGRESQL, List.of(t), List.of());
    }

    static StreamConfig config() {
        return StreamConfig.fromJson("{\"id\": \"lost\", \"source\": \"postgresql://u@h:5432/a\","
                + " \"target\": \"postgresql://u@h:5432/b\", \"dataBundleSize\": 10}");
    }

    /** The target: applies rows past the position it holds, like the position fence of the real writer. */
    static final class FakeTarget {
        final List<Long> applied = Collections.synchronizedList(new ArrayList<>());
        String position = "";

        synchronized WriterResult invoke(WriterRequest r) {
            if (r.op() == WriterRequest.Op.POSITIONS) {
                return WriterResult.done(List.of("t\t0\t"));
            }
            List<WriterResult> items = new ArrayList<>();
            for (byte[] bytes : r.batches()) {
                Batch b = BatchCodec.decode(bytes);
                RowCursor cur = b.cursor();
                while (cur.next()) {
                    String p = cur.getString(0);
                    if (p.compareTo(position) > 0) {
                        position = p;
                        applied.add(Long.parseLong(p.substring(p.lastIndexOf(':', p.length() - 3) + 1,
                                p.length() - 2)) - 1000);
                    }
                }
                items.add(WriterResult.applied(b.rowCount(), b.length()));
            }
            return WriterResult.of(items);
        }
    }

    /**
     * A work-queue stream and one durable consumer: a fresh consumer delivers every unacked message from the
     * oldest, and delivers again what was not acked within the ack wait; the first consumer loses delivery
     * number {@code lost} on the way (its number is used, the message never arrives).
     */
    static final class FakeHub implements EventHub {
        static final long ACK_WAIT_MS = 300;
        final List<byte[]> messages = new ArrayList<>();
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        final int lost;
        int consumers;

        FakeHub(int lost) {
            this.lost = lost;
        }

        @Override
        public synchronized HubConsumer consumer(String streamId, String durable, String filter, Duration ackWait,
                                                 int maxAckPending) {
            boolean first = consumers++ == 0;
            return new HubConsumer() {
                int next;
                long seq;
                final java.util.Map<Integer, Long> deliveredAt = new java.util.HashMap<>();

                @Override
                public List<Delivery> fetch(int max, Duration wait) {
                    List<Delivery> out = new ArrayList<>();
                    long now = System.currentTimeMillis();
                    for (var e : deliveredAt.entrySet()) { // the ack wait (short here) ran out: delivered again
                        if (!acked.contains(e.getKey()) && now - e.getValue() > ACK_WAIT_MS && out.size() < max) {
                            e.setValue(now);
                            out.add(delivery(e.getKey(), ++seq));
                        }
                    }
                    while (out.size() < max && next < messages.size()) {
                        int i = next++;
                        if (acked.contains(i)) {
                            continue;
                        }
                        long n = ++seq;
                        deliveredAt.put(i, now);
                        if (first && n == lost) {
                            continue; // counted as delivered, never arrives
                        }
                        out.add(delivery(i, n));
                    }
                    if (out.isEmpty()) {
                        sleep(wait.toMillis());
                    }
                    return out;
                }

                @Override
                public void close() {
                }
            };
        }

        private Delivery delivery(int i, long n) {
            return new Delivery() {
                public String subject() {
                    return "sluice.lost.cdc.public.t";
                }

                public byte[] data() {
                    return messages.get(i);
                }

                public String messageId() {
                    return null;
                }

                public long deliveryCount() {
                    return 1;
                }

                public long consumerSequence() {
                    return n;
                }

                public void ack() {
                    acked.add(i);
                }

                public void nak(Duration delay) {
                }

                public void term() {
                }

                public void inProgress() {
                }
            };
        }

        @Override
        public void deleteConsumer(String streamId, String durable) {
        }

        @Override
        public void createStream(String streamId, long maxPendingBytes) {
        }

        @Override
        public CompletableFuture<Void> publish(String subject, byte[] data, String msgId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long maxMessageBytes() {
            return 1 << 20;
        }

        @Override
        public void publishTransient(String subject, byte[] data) {
        }

        @Override
        public void deleteStream(String streamId) {
        }

        @Override
        public void close() {
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
