package dev.sluice.dynamodb;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Bounded exponential backoff with full jitter, kept apart from the decision of what is worth retrying
 * ({@link #IS_RETRYABLE} for DynamoDB). Clients built by {@link DynamoDbClients} do not retry by themselves.
 *
 * <p>When attempts run out the last exception is rethrown unchanged; the caller turns it into a message.
 */
public final class DynamoDbRetry {

    /** Error codes DynamoDB returns when a table or account is over its rate: wait and try again. */
    public static final Set<String> THROTTLING_ERROR_CODES = Set.of(
            "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException");
    /** Error codes of a service-side hiccup that a later attempt usually does not meet. */
    public static final Set<String> TRANSIENT_ERROR_CODES = Set.of(
            "InternalServerError", "InternalFailure", "ServiceUnavailable");
    /** HTTP status from which a service error counts as the server's fault (5xx). */
    public static final int FIRST_SERVER_ERROR_STATUS = 500;
    /** HTTP status of a throttled request. */
    public static final int TOO_MANY_REQUESTS_STATUS = 429;

    /**
     * Throttling, 5xx, and client-side failures to talk to the endpoint at all (connection refused or reset,
     * timeouts). Not retried: validation errors, a missing table, access denied, missing credentials,
     * conditional check failures.
     */
    public static final Predicate<Throwable> IS_RETRYABLE = DynamoDbRetry::isRetryable;

    /** Attempts in total, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** Upper bound of the first backoff; doubles per attempt. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
    /** Upper bound of any single backoff. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);

    /** 6 attempts, 100 ms doubling to at most 2 s: about 3 s of waiting in the worst case. */
    public static final DynamoDbRetry DEFAULT =
            new DynamoDbRetry(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbRetry.class);

    private final int maxAttempts;
    private final long baseDelayMillis;
    private final long maxDelayMillis;

    /**
     * @param maxAttempts attempts in total, at least 1
     * @param baseDelay   upper bound of the first backoff, not negative
     * @param maxDelay    upper bound of every backoff, not below {@code baseDelay}
     */
    public DynamoDbRetry(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need maxAttempts >= 1 and 0 <= baseDelay <= maxDelay, got "
                    + maxAttempts + ", " + baseDelay + ", " + maxDelay);
        }
        this.maxAttempts = maxAttempts;
        this.baseDelayMillis = baseDelay.toMillis();
        this.maxDelayMillis = maxDelay.toMillis();
    }

    /** Attempts in total, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Runs {@code action}, again after a backoff while it throws something {@code isRetryable} accepts, at
     * most {@link #maxAttempts()} times in all.
     *
     * @return what {@code action} returned
     * @throws RuntimeException the first non-retryable exception, or the last one when attempts ran out; an
     *                          interrupt during backoff ends the retries too (the flag is kept)
     */
    public <T> T retry(Supplier<T> action, Predicate<? super RuntimeException> isRetryable) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts || !isRetryable.test(e)) {
                    throw e;
                }
                long delay = backoffMillis(attempt);
                LOG.debug("DynamoDB call failed ({}), attempt {}/{}, retrying in {} ms",
                        describe(e), attempt, maxAttempts, delay);
                if (!sleep(delay)) {
                    throw e;
                }
            }
        }
    }

    /** {@link #retry(Supplier, Predicate)} for an action without a result. */
    public void run(Runnable action, Predicate<? super RuntimeException> isRetryable) {
        retry(() -> {
            action.run();
            return null;
        }, isRetryable);
    }

    /** The classification behind {@link #IS_RETRYABLE}. */
    public static boolean isRetryable(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return e.isThrottlingException()
                    || (code != null && (THROTTLING_ERROR_CODES.contains(code) || TRANSIENT_ERROR_CODES.contains(code)))
                    || e.statusCode() == TOO_MANY_REQUESTS_STATUS
                    || e.statusCode() >= FIRST_SERVER_ERROR_STATUS;
        }
        if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
            return true;
        }
        if (t instanceof SdkClientException) {
            return hasIoCause(t);
        }
        return false;
    }

    /** Short description of a failure for logs: error code or exception class, never request contents. */
    static String describe(Throwable t) {
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null
                && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + " caused by "
                + root.getClass().getSimpleName();
    }

    private static boolean hasIoCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private long backoffMillis(int attempt) {
        long ceiling = Math.min(maxDelayMillis, baseDelayMillis << Math.min(attempt - 1, 20));
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
