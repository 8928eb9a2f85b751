package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Structure;
import dev.sluice.core.port.Invoker;
import dev.sluice.core.stats.LagStats;
import dev.sluice.core.stats.StreamProgress;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.writer.WriterRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CDC bridge hands a table's waiting batches to one writer call. When that writer dies, which batch killed
 * it is unknown: the crash is not counted against the group, its batches go one per call, and only a batch
 * that kills its writer when alone stops the stream, named by its own sequence number, after everything before
 * it is applied. Batches that each kill one attempt all get in, in order.
 */
class CdcBridgeCrashTest {
    private static final int CHANGES = 40;

    private record Run(CdcBridgeLostDeliveryTest.FakeTarget target, StreamProgress progress,
                       CdcBridgeLostDeliveryTest.FakeHub hub) {
    }

    /** 40 changes alternating insert and update, so every change is a batch of its own (sequence = change). */
    private static Run run(java.util.function.LongPredicate crashes) throws Exception {
        Structure s = CdcBridgeLostDeliveryTest.oneTable();
        StreamConfig cfg = CdcBridgeLostDeliveryTest.config();
        CdcBridgeLostDeliveryTest.FakeHub hub = new CdcBridgeLostDeliveryTest.FakeHub(0);
        for (int i = 1; i <= CHANGES; i++) {
            String row = "{\"id\": " + i + ", \"v\": \"row " + i + "\"}";
            hub.messages.add(("{\"op\": \"" + (i % 2 == 1 ? "c" : "u") + "\", \"source\": {\"table\": \"t\", \"lsn\": "
                    + (1000 + i) + ", \"ts_ms\": 1}, \"before\": " + (i % 2 == 1 ? "null" : row) + ", \"after\": " + row
                    + "}").getBytes(StandardCharsets.UTF_8));
        }
        CdcBridgeLostDeliveryTest.FakeTarget target = new CdcBridgeLostDeliveryTest.FakeTarget();
        Invoker writer = r -> {
            if (r.op() == WriterRequest.Op.APPLY) {
                for (byte[] b : r.batches()) {
                    if (crashes.test(BatchCodec.decode(b).sequence())) {
                        throw new OutOfMemoryError("test: the writer dies holding batch " + BatchCodec.decode(b).sequence());
                    }
                }
            }
            return target.invoke(r);
        };
        StreamProgress progress = new StreamProgress("lost", System.nanoTime());
        CdcBridge bridge = new CdcBridge(cfg, s, hub, writer, progress, new LagStats(), Clock.systemUTC());
        bridge.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (hub.acked.size() < CHANGES && !progress.status().isTerminal() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        bridge.close();
        return new Run(target, progress, hub);
    }

    @Test
    void everyBatchKillingOneWriterStillGetsEverythingInOrder() throws Exception {
        Set<Long> tried = ConcurrentHashMap.newKeySet();
        AtomicInteger kills = new AtomicInteger();
        Run r = run(seq -> {
            boolean first = tried.add(seq);
            if (first) {
                kills.incrementAndGet();
            }
            return first;
        });
        assertTrue(r.progress().errors().isEmpty(), r.progress().errors().toString());
        assertEquals(LongStream.rangeClosed(1, CHANGES).boxed().toList(), r.target().applied, "every change once, in order");
        assertEquals(CHANGES, r.hub().acked.size());
        assertTrue(kills.get() >= CHANGES / 2, "writers were killed: " + kills.get());
    }

    @Test
    void aBatchThatAlwaysKillsItsWriterStopsTheStreamNamedAfterEverythingBeforeIt() throws Exception {
        Run r = run(seq -> seq == 7);
        assertEquals(StreamStatus.FAILED, r.progress().status());
        assertTrue(r.progress().errors().toString().contains("change batch 7 of t failed"), r.progress().errors().toString());
        assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), r.target().applied, "the changes before it are in");
    }
}
