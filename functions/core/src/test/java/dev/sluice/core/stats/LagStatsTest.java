package dev.sluice.core.stats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LagStatsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 15, 250, 1_000, 29_000, 31_000, 45_000, 120_000, 600_000, 3_600_000, 9_000_000})
    void aLagIsReportedWithinTwoPercentUpToHours(long ms) {
        LagStats s = new LagStats();
        s.record(ms);
        long p = s.percentile(50);
        assertTrue(p >= ms && p <= Math.ceil(ms * 1.02), ms + " ms reported as " + p);
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 99})
    void percentilesSplitTheSamples(int pct) {
        LagStats s = new LagStats();
        for (int i = 1; i <= 1000; i++) {
            s.record(i * 100L); // 100 ms .. 100 s
        }
        long p = s.percentile(pct);
        assertTrue(Math.abs(p - pct * 1000L) <= pct * 1000L * 0.021, "p" + pct + " = " + p);
        assertEquals(1000, s.count());
    }

    @ParameterizedTest
    @ValueSource(longs = {-5, 0})
    void noSamplesOrNonPositiveLag(long ms) {
        LagStats s = new LagStats();
        assertEquals(-1, s.percentile(50));
        s.record(ms);
        assertEquals(1, s.percentile(50));
    }
}
