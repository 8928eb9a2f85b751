package dev.sluice.core.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Replication lag (source commit time to target commit time) as a histogram with 2% wide buckets from 1 ms
 * to about 2.7 hours: constant memory, lock-free, percentiles within 2%.
 */
public final class LagStats {
    private static final double GROWTH = 1.02;
    /** 1.02^812 ms is about 2.7 hours; a lag beyond falls into the last bucket. */
    private static final int BUCKETS = 813;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long lagMillis) {
        counts.incrementAndGet(bucket(Math.max(0, lagMillis)));
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The lag at percentile {@code p} (0..100) in milliseconds, or -1 with no samples. */
    public long percentile(double p) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(total * p / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return upper(i);
            }
        }
        return upper(BUCKETS - 1);
    }

    static int bucket(long ms) {
        if (ms <= 1) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log(ms) / Math.log(GROWTH));
        return Math.min(BUCKETS - 1, b);
    }

    static long upper(int bucket) {
        return bucket == 0 ? 1 : (long) Math.floor(Math.pow(GROWTH, bucket));
    }
}
