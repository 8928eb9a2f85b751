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

    /** Claims several batches at once (one round trip where the store can); the default claims one by one. */
    default java.util.Map<String, Claim> claimAll(String streamId, java.util.List<String> batchKeys, Instant now,
                                                 Duration lease) {
        java.util.Map<String, Claim> out = new java.util.LinkedHashMap<>();
        for (String k : batchKeys) {
            out.put(k, claim(streamId, k, now, lease));
        }
        return out;
    }

    /** Marks several batches applied; the default marks one by one. */
    default void markAppliedAll(String streamId, java.util.List<String> batchKeys, Instant now) {
        for (String k : batchKeys) {
            markApplied(streamId, k, now);
        }
    }
}
