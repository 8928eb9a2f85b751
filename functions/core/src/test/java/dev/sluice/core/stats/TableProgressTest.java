package dev.sluice.core.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableProgressTest {

    @Test
    void notAllAppliedBeforeTheReaderIsDoneEvenIfEveryBatchSoFarIs() {
        TableProgress t = new TableProgress("orders", 1000);
        t.read(500, 5000);
        t.applied("k1", 500, 5000);
        assertEquals(-1, t.totalBatches());
        assertFalse(t.allApplied());
    }

    @Test
    void allAppliedOnceReadDoneAndEveryDistinctBatchIsApplied() {
        TableProgress t = new TableProgress("orders", 1000);
        t.applied("k1", 400, 1);
        t.readDone(3, 1000);
        assertFalse(t.allApplied());
        t.applied("k2", 400, 1);
        assertFalse(t.allApplied());
        t.applied("k3", 200, 1);
        assertTrue(t.allApplied());
        assertEquals(3, t.batchesApplied());
    }

    @Test
    void theSameKeyAppliedTwiceCountsOnce() {
        TableProgress t = new TableProgress("orders", 0);
        t.readDone(2, 20);
        t.applied("k1", 10, 100);
        t.applied("k1", 10, 100);
        assertEquals(1, t.batchesApplied());
        assertFalse(t.allApplied(), "one of two batches is missing");
        t.applied("k2", 10, 100);
        assertTrue(t.allApplied());
    }

    @Test
    void aDuplicateOfAnAppliedBatchCountsOnceAndAddsNoRows() {
        TableProgress t = new TableProgress("orders", 0);
        t.readDone(2, 20);
        t.applied("k1", 10, 100);
        t.duplicate("k1");
        t.duplicate("k1");
        assertEquals(1, t.batchesApplied());
        assertEquals(2, t.duplicates());
        assertEquals(10, t.rowsApplied());
        assertFalse(t.allApplied());
    }

    @Test
    void aDuplicateOfABatchAppliedElsewhereCompletesTheTable() {
        // e.g. applied by a writer before a restart: this run only sees the duplicate
        TableProgress t = new TableProgress("orders", 0);
        t.readDone(2, 20);
        t.applied("k1", 10, 100);
        t.duplicate("k2");
        assertTrue(t.allApplied());
        assertEquals(1, t.duplicates());
    }

    @Test
    void anEmptyTableIsAllAppliedAsSoonAsItIsRead() {
        TableProgress t = new TableProgress("empty", 0);
        assertFalse(t.allApplied());
        assertEquals(0.0, t.percent());
        t.readDone(0, 0);
        assertTrue(t.allApplied());
        assertEquals(100.0, t.percent());
    }

    @Test
    void readDoneReplacesTheEstimateWithTheExactCount() {
        TableProgress t = new TableProgress("orders", 5000);
        t.applied("k1", 100, 1);
        assertEquals(2.0, t.percent());
        t.readDone(1, 100);
        assertEquals(100, t.expectedRows());
        assertEquals(100.0, t.percent());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -1000})
    void aNegativeEstimateIsTreatedAsUnknown(long estimate) {
        assertEquals(0, new TableProgress("t", estimate).expectedRows());
    }

    @Test
    void percentNeverExceedsAHundred() {
        TableProgress t = new TableProgress("t", 10);
        t.applied("k1", 25, 1);
        assertEquals(100.0, t.percent());
    }

    @Test
    void readCountsRowsBytesAndPublishedBatches() {
        TableProgress t = new TableProgress("t", 0);
        t.read(10, 100);
        t.read(5, 50);
        assertEquals(15, t.rowsRead());
        assertEquals(150, t.bytesRead());
        assertEquals(2, t.batchesPublished());
    }

    @Test
    void startAndEndKeepTheFirstTimeAndTheStateMoves() {
        TableProgress t = new TableProgress("t", 0);
        assertEquals("waiting", t.state());
        t.started(100);
        t.started(200);
        assertEquals(100, t.startNanos());
        assertEquals("copying", t.state());
        t.poisoned();
        t.finished(300, "failed");
        t.finished(400, "done");
        assertEquals(300, t.endNanos());
        assertEquals("done", t.state());
        assertEquals(1, t.poison());
    }

    @Test
    void concurrentDeliveriesOfTheSameBatchesCountEachBatchOnce() throws Exception {
        TableProgress t = new TableProgress("t", 0);
        t.readDone(1000, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int w = 0; w < 8; w++) {
                int worker = w;
                pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (worker == 0) {
                            t.applied("k" + i, 1, 1);
                        } else {
                            t.duplicate("k" + i);
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(1000, t.batchesApplied());
        assertEquals(7000, t.duplicates());
        assertEquals(1000, t.rowsApplied());
        assertTrue(t.allApplied());
    }
}
