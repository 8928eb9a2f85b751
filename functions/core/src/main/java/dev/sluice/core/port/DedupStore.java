package dev.sluice.core.port;

import java.time.Duration;
import java.time.Instant;

/**
 * Remembers which batch keys were applied, so a redelivered or concurrently duplicated batch is skipped
 * (DynamoDB in production). It is the fast path; the target transaction's fence row is the final word.
 *
 * <p>Lifecycle per batch: {@link #claim}; if CLAIMED, apply then {@link #markApplied}, or
 * {@link #release} on failure. A claim whose writer died expires after its lease.
 */
public interface DedupStore {

    enum Claim {
        /** This caller owns the batch until the lease expires. */
        CLAIMED,
        /** Already applied: skip. */
        APPLIED,
        /** Another writer holds a live claim: try later. */
        BUSY
    }

    Claim claim(String streamId, String batchKey, Instant now, Duration lease);

    void markApplied(String streamId, String batchKey, Instant now);

    void release(String streamId, String batchKey);
}
