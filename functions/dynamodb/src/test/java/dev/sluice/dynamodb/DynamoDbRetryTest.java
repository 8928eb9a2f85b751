package dev.sluice.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** {@link DynamoDbRetry}: what is retried and how often. */
class DynamoDbRetryTest {

    private final DynamoDbRetry fast = new DynamoDbRetry(4, Duration.ZERO, Duration.ZERO);

    @Test
    void throttlingIsRetriedUntilItPasses() {
        AtomicInteger calls = new AtomicInteger();
        String result = fast.retry(() -> {
            if (calls.incrementAndGet() < 3) {
                throw serviceError("ProvisionedThroughputExceededException", 400);
            }
            return "ok";
        }, DynamoDbRetry.IS_RETRYABLE);
        assertEquals("ok", result);
        assertEquals(3, calls.get());
    }

    @Test
    void retriesAreBoundedAndTheLastFailureIsKept() {
        AtomicInteger calls = new AtomicInteger();
        DynamoDbException last = serviceError("InternalServerError", 500);
        RuntimeException e = assertThrows(RuntimeException.class, () -> fast.run(() -> {
            calls.incrementAndGet();
            throw last;
        }, DynamoDbRetry.IS_RETRYABLE));
        assertSame(last, e);
        assertEquals(4, calls.get());
    }

    @Test
    void aNonRetryableFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(DynamoDbException.class, () -> fast.run(() -> {
            calls.incrementAndGet();
            throw serviceError("ValidationException", 400);
        }, DynamoDbRetry.IS_RETRYABLE));
        assertEquals(1, calls.get());
    }

    @ParameterizedTest
    @CsvSource({
        "ProvisionedThroughputExceededException, 400, true",
        "ThrottlingException, 400, true",
        "RequestLimitExceeded, 400, true",
        "InternalServerError, 500, true",
        "SomethingNew, 503, true",
        "ValidationException, 400, false",
        "ResourceNotFoundException, 400, false",
        "ConditionalCheckFailedException, 400, false",
        "AccessDeniedException, 400, false",
    })
    void serviceErrorsAreClassifiedByCodeAndStatus(String code, int status, boolean retryable) {
        assertEquals(retryable, DynamoDbRetry.isRetryable(serviceError(code, status)));
    }

    @Test
    void connectionFailuresAreRetryableButMissingCredentialsAreNot() {
        assertTrue(DynamoDbRetry.isRetryable(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build()));
        assertFalse(DynamoDbRetry.isRetryable(SdkClientException.builder()
                .message("Unable to load credentials from any of the providers in the chain").build()));
        assertFalse(DynamoDbRetry.isRetryable(new IllegalStateException("bug")));
    }

    private static DynamoDbException serviceError(String code, int status) {
        return (DynamoDbException) DynamoDbException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
                .statusCode(status).message(code).build();
    }
}
