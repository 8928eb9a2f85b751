package dev.sluice.core.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamProgressTest {

    @Test
    void aNewStreamIsCreatedAndCanStartRunning() {
        StreamProgress p = new StreamProgress("s1", 123);
        assertEquals(StreamStatus.CREATED, p.status());
        assertTrue(p.status(StreamStatus.RUNNING));
        assertEquals(StreamStatus.RUNNING, p.status());
        assertEquals("s1", p.streamId());
        assertEquals(123, p.startNanos());
    }

    @ParameterizedTest
    @CsvSource({"FAILED, FINISHED", "FINISHED, FAILED", "STOPPED, FINISHED", "TIME_LIMIT_REACHED, FAILED",
            "EVENT_LIMIT_REACHED, STOPPED", "FAILED, RUNNING", "FINISHED, CREATED"})
    void theFirstTerminalStatusWins(StreamStatus first, StreamStatus later) {
        StreamProgress p = new StreamProgress("s", 0);
        p.status(StreamStatus.RUNNING);
        assertTrue(p.status(first));
        assertFalse(p.status(later));
        assertEquals(first, p.status());
    }

    @Test
    void aTerminalStatusCanBeReachedWithoutRunning() {
        StreamProgress p = new StreamProgress("s", 0);
        assertTrue(p.status(StreamStatus.FAILED));
        assertFalse(p.status(StreamStatus.RUNNING));
        assertEquals(StreamStatus.FAILED, p.status());
    }

    @Test
    void underARaceExactlyOneTerminalStatusIsAccepted() throws Exception {
        StreamStatus[] terminal = {StreamStatus.FINISHED, StreamStatus.FAILED, StreamStatus.STOPPED,
                StreamStatus.TIME_LIMIT_REACHED, StreamStatus.EVENT_LIMIT_REACHED};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                StreamProgress p = new StreamProgress("s", 0);
                p.status(StreamStatus.RUNNING);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<StreamStatus>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    StreamStatus s = terminal[t % terminal.length];
                    results.add(pool.submit(() -> {
                        go.await();
                        return p.status(s) ? s : null;
                    }));
                }
                go.countDown();
                List<StreamStatus> winners = new ArrayList<>();
                for (Future<StreamStatus> f : results) {
                    StreamStatus s = f.get(10, TimeUnit.SECONDS);
                    if (s != null) {
                        winners.add(s);
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": " + winners);
                assertEquals(winners.get(0), p.status());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource({"CREATED, false", "RUNNING, false", "FINISHED, true", "FAILED, true", "STOPPED, true",
            "TIME_LIMIT_REACHED, true", "EVENT_LIMIT_REACHED, true"})
    void terminalStatuses(StreamStatus s, boolean terminal) {
        assertEquals(terminal, s.isTerminal());
    }

    @ParameterizedTest
    @CsvSource({"FINISHED, 0", "TIME_LIMIT_REACHED, 0", "EVENT_LIMIT_REACHED, 0", "FAILED, 1", "STOPPED, 130"})
    void exitCodeIsZeroOnlyWhenTheStreamDidWhatWasAsked(StreamStatus s, int code) {
        assertEquals(code, s.exitCode());
    }

    @ParameterizedTest
    @EnumSource(StreamStatus.class)
    void nonTerminalStatusesNeverExitWithSuccess(StreamStatus s) {
        if (!s.isTerminal()) {
            assertEquals(1, s.exitCode());
        }
    }

    @Test
    void tablesAreRegisteredOnceAndSummed() {
        StreamProgress p = new StreamProgress("s", 0);
        TableProgress a = p.table("a", 100);
        assertSame(a, p.table("a", 999));
        assertEquals(100, a.expectedRows());
        TableProgress b = p.table("b", 50);
        a.read(60, 600);
        b.read(50, 500);
        a.applied("a#1", 60, 600);
        b.applied("b#1", 20, 200);
        assertEquals(110, p.rowsRead());
        assertEquals(80, p.rowsApplied());
        assertEquals(800, p.bytesApplied());
        assertEquals(150, p.expectedRows());
        assertEquals(List.of("a", "b"), p.tables().stream().map(TableProgress::tableId).toList());
        assertSame(b, p.table("b"));
    }

    @Test
    void anUnknownTableIsReportedByName() {
        StreamProgress p = new StreamProgress("s", 0);
        assertEquals("unknown table orders",
                assertThrows(IllegalArgumentException.class, () -> p.table("orders")).getMessage());
    }

    @Test
    void errorsAreAllKeptAndNotesOnce() {
        StreamProgress p = new StreamProgress("s", 0);
        p.error("e1");
        p.error("e1");
        p.note("n1");
        p.note("n1");
        p.note("n2");
        assertEquals(List.of("e1", "e1"), p.errors());
        assertEquals(List.of("n1", "n2"), p.notes());
    }
}
