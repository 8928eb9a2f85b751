package dev.sluice.dynamodb;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds {@link DynamoDbClient}s: the JDK's URL connection HTTP client (small and quick to start on Lambda),
 * short timeouts, and <b>no SDK-level retries</b>: every caller in this module wraps its calls in
 * {@link DynamoDbRetry}, so what is retried, how often and how long is decided in one place.
 *
 * <p>With an endpoint override (DynamoDB Local) the client signs with fixed dummy credentials; without one
 * it uses the default AWS credentials chain (Lambda role, environment, profile). To reach real DynamoDB
 * through a VPC endpoint, leave the override unset and use the SDK's own {@code AWS_ENDPOINT_URL_DYNAMODB}.
 */
public final class DynamoDbClients {

    /** Time to open a TCP connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Time without bytes on an open connection. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** Time for one HTTP attempt, connection included. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** Time for one API call (one attempt, since the SDK does not retry). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Credentials for DynamoDB Local, which checks only their shape (letters and digits). Not a secret.
     */
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("sluicelocal", "sluicelocal"));

    private DynamoDbClients() {
    }

    /** A client for the endpoint and region of {@code config}. */
    public static DynamoDbClient from(DynamoDbConfig config) {
        return forEndpoint(config.endpoint(), config.region());
    }

    /**
     * A client for {@code endpoint} (DynamoDB Local, dummy credentials) or, when it is {@code null}, for the
     * regional AWS endpoint with the default credentials chain. The caller closes it.
     *
     * @param endpoint endpoint override or {@code null}
     * @param region   AWS region name, e.g. {@code us-east-1}
     */
    public static DynamoDbClient forEndpoint(URI endpoint, String region) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint).credentialsProvider(LOCAL_CREDENTIALS);
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /**
     * Where {@code client} sends requests, for error messages: its endpoint override, or its AWS region.
     */
    public static String describe(DynamoDbClient client) {
        try {
            var conf = client.serviceClientConfiguration();
            return conf.endpointOverride().map(URI::toString).orElseGet(() -> "AWS region " + conf.region());
        } catch (UnsupportedOperationException e) {
            return "DynamoDB Local in this process"; // DynamoDB Local's embedded client has no configuration
        }
    }
}
