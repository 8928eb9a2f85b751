package dev.sluice.dynamodb;

import dev.sluice.core.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the DynamoDB tables of this module live.
 *
 * @param endpoint endpoint override, e.g. {@code http://localhost:8000} for DynamoDB Local; {@code null} means
 *                 the regional AWS endpoint (the SDK also honours {@code AWS_ENDPOINT_URL_DYNAMODB} then)
 * @param region   AWS region, e.g. {@code us-east-1}
 * @param table    name of the dedup table
 */
public record DynamoDbConfig(URI endpoint, String region, String table) {

    /** Environment variable holding the endpoint override (empty or unset: AWS). */
    public static final String ENV_ENDPOINT = "SLUICE_DYNAMODB_ENDPOINT";
    /** Environment variable holding the region. */
    public static final String ENV_REGION = "AWS_REGION";
    /** Environment variable holding the dedup table name. */
    public static final String ENV_TABLE = "SLUICE_DEDUP_TABLE";
    /** Region used when {@value #ENV_REGION} is unset. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** Dedup table used when {@value #ENV_TABLE} is unset. */
    public static final String DEFAULT_TABLE = "sluice_batches";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9-]{2,32}");

    /** Validates every field; a {@link ConfigException} names the variable to fix. */
    public DynamoDbConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(table, "table");
        if (endpoint != null && (endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
            throw new ConfigException(ENV_ENDPOINT + " '" + endpoint
                    + "' must be an http(s) URL with a host, e.g. http://localhost:8000");
        }
        if (endpoint != null && endpoint.getRawUserInfo() != null) {
            // DynamoDB authenticates by signature; a user:password here would only leak into logs
            throw new ConfigException(ENV_ENDPOINT + " must not contain user info: use AWS credentials instead");
        }
        if (!REGION_NAME.matcher(region).matches()) {
            throw new ConfigException(ENV_REGION + " '" + region + "' is not a region name such as us-east-1");
        }
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new ConfigException(ENV_TABLE + " '" + table
                    + "' must be 3-255 letters, digits, '_', '-' or '.' (DynamoDB table name rules)");
        }
    }

    /** Defaults for everything: AWS endpoint, {@value #DEFAULT_REGION}, {@value #DEFAULT_TABLE}. */
    public static DynamoDbConfig defaults() {
        return new DynamoDbConfig(null, DEFAULT_REGION, DEFAULT_TABLE);
    }

    /**
     * Reads {@value #ENV_ENDPOINT}, {@value #ENV_REGION} and {@value #ENV_TABLE}; unset or blank values take
     * the defaults.
     *
     * @param env usually {@code System.getenv()}
     */
    public static DynamoDbConfig from(Map<String, String> env) {
        String endpoint = blankToNull(env.get(ENV_ENDPOINT));
        String region = blankToNull(env.get(ENV_REGION));
        String table = blankToNull(env.get(ENV_TABLE));
        return new DynamoDbConfig(endpoint == null ? null : parseUri(endpoint),
                region == null ? DEFAULT_REGION : region,
                table == null ? DEFAULT_TABLE : table);
    }

    /** A copy naming another dedup table (tests use one table per case). */
    public DynamoDbConfig withTable(String otherTable) {
        return new DynamoDbConfig(endpoint, region, otherTable);
    }

    /** Where requests go, for messages: the override, or the AWS region. */
    public String describeEndpoint() {
        return endpoint != null ? endpoint.toString() : "AWS region " + region;
    }

    private static URI parseUri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(ENV_ENDPOINT + " '" + value + "' is not a URL: " + e.getReason());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
