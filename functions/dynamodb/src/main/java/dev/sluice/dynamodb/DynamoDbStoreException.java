package dev.sluice.dynamodb;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A DynamoDB call of a Sluice store failed for good. The message says which table and operation, where,
 * and what to check; the cause keeps the SDK exception for {@code --debug}.
 */
public final class DynamoDbStoreException extends RuntimeException {

    /** Error codes meaning the credentials are missing, invalid or not allowed to do this. */
    public static final Set<String> ACCESS_ERROR_CODES = Set.of("AccessDeniedException",
            "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
            "MissingAuthenticationTokenException", "IncompleteSignatureException");

    private final boolean transientFailure;

    private DynamoDbStoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /**
     * True when retries ran out on throttling or an unreachable endpoint: trying the whole batch again later
     * may succeed. False when a person must fix something (table, permissions, credentials).
     */
    public boolean transientFailure() {
        return transientFailure;
    }

    /**
     * Explains {@code failure}.
     *
     * @param operation DynamoDB API and purpose, e.g. {@code "PutItem (claim)"}
     * @param table     the table used
     * @param where     the endpoint or region, for the reader
     * @param attempts  attempts made before giving up
     */
    static DynamoDbStoreException of(String operation, String table, String where, RuntimeException failure,
                                     int attempts) {
        if (failure instanceof DynamoDbStoreException already) {
            return already;
        }
        if (failure instanceof ResourceNotFoundException) {
            return new DynamoDbStoreException("DynamoDB table " + table + " does not exist at " + where + " ("
                    + operation + " failed): run `aws dynamodb create-table --table-name " + table
                    + " --attribute-definitions AttributeName=pk,AttributeType=S"
                    + " --key-schema AttributeName=pk,KeyType=HASH --billing-mode PAY_PER_REQUEST`"
                    + " or let Sluice create it (DynamoDbTables.ensureDedupTable); check "
                    + DynamoDbConfig.ENV_TABLE + " and " + DynamoDbConfig.ENV_REGION, failure, false);
        }
        if (DynamoDbRetry.isRetryable(failure)) {
            return new DynamoDbStoreException("DynamoDB " + operation + " on table " + table + " at " + where
                    + " still failed after " + attempts + " attempt(s) (" + DynamoDbRetry.describe(failure)
                    + "): the table is throttled or the endpoint is unreachable; check the table's capacity,"
                    + " the network and " + DynamoDbConfig.ENV_ENDPOINT + ", then retry later", failure, true);
        }
        if (failure instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String detail = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if ((code != null && ACCESS_ERROR_CODES.contains(code)) || e.statusCode() == 403) {
                return new DynamoDbStoreException("DynamoDB refused " + operation + " on table " + table + " at "
                        + where + " (" + code + ": " + detail + "): check that the credentials are valid for "
                        + "this region and allow dynamodb:" + api(operation) + " on the table", failure, false);
            }
            if ("ValidationException".equals(code)) {
                return new DynamoDbStoreException("DynamoDB rejected " + operation + " on table " + table + " at "
                        + where + " (" + detail + ")" + (detail != null && detail.contains("key")
                        ? ": check that the table's partition key is 'pk' of type S and nothing else is in its"
                        + " key schema, or give Sluice a table of its own (" + DynamoDbConfig.ENV_TABLE + ")"
                        : ""), failure, false);
            }
            return new DynamoDbStoreException("DynamoDB " + operation + " on table " + table + " at " + where
                    + " failed (" + code + ", HTTP " + e.statusCode() + "): " + detail, failure, false);
        }
        if (failure instanceof SdkClientException) {
            return new DynamoDbStoreException("Could not call DynamoDB " + operation + " on table " + table
                    + " at " + where + ": " + failure.getMessage() + "; check AWS credentials, "
                    + DynamoDbConfig.ENV_REGION + " and " + DynamoDbConfig.ENV_ENDPOINT, failure, false);
        }
        return new DynamoDbStoreException("DynamoDB " + operation + " on table " + table + " at " + where
                + " failed: " + failure, failure, false);
    }

    /** A table or setting a person must fix; {@code message} says what and how. */
    static DynamoDbStoreException misconfigured(String message) {
        return new DynamoDbStoreException(message, null, false);
    }

    private static String api(String operation) {
        int space = operation.indexOf(' ');
        return space < 0 ? operation : operation.substring(0, space);
    }
}
