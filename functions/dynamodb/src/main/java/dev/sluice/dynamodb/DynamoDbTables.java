package dev.sluice.dynamodb;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates the tables the DynamoDB stores need, when they are missing. Safe to call at every start and from
 * several processes at once.
 */
public final class DynamoDbTables {

    /** Partition key of the dedup table (type S). */
    public static final String PARTITION_KEY = "pk";
    /** Attribute DynamoDB TTL deletes items by (epoch seconds). */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** How long to wait for a new table to become ACTIVE. */
    public static final Duration MAX_WAIT_FOR_ACTIVE = Duration.ofMinutes(2);
    /** Pause between two looks at a table that is not ACTIVE yet. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);

    private DynamoDbTables() {
    }

    /**
     * Makes sure the dedup table {@code name} exists (on-demand capacity, partition key {@value #PARTITION_KEY}
     * of type S), is ACTIVE, and has TTL on {@value #TTL_ATTRIBUTE}. Does nothing that is already done.
     *
     * @throws DynamoDbStoreException when the table exists with another key schema, does not become ACTIVE in
     *                                {@link #MAX_WAIT_FOR_ACTIVE}, or a call fails
     */
    public static void ensureDedupTable(DynamoDbClient client, String name) {
        String where = DynamoDbClients.describe(client);
        TableDescription table = describe(client, name, where);
        if (table == null) {
            create(client, name, where);
        }
        if (table == null || table.tableStatus() != TableStatus.ACTIVE) {
            table = awaitActive(client, name, where);
        }
        checkKeySchema(table, where);
        ensureTtl(client, name, where);
    }

    private static TableDescription describe(DynamoDbClient client, String name, String where) {
        try {
            return call("DescribeTable", name, where, () -> client.describeTable(r -> r.tableName(name)).table());
        } catch (DynamoDbStoreException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private static void create(DynamoDbClient client, String name, String where) {
        try {
            call("CreateTable", name, where, () -> client.createTable(r -> r.tableName(name)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)));
            LOG.info("Created DynamoDB table {} at {}", name, where);
        } catch (DynamoDbStoreException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
            LOG.debug("DynamoDB table {} is being created by someone else", name);
        }
    }

    private static TableDescription awaitActive(DynamoDbClient client, String name, String where) {
        long deadline = System.nanoTime() + MAX_WAIT_FOR_ACTIVE.toNanos();
        while (true) {
            TableDescription table = describe(client, name, where);
            if (table != null && table.tableStatus() == TableStatus.ACTIVE) {
                return table;
            }
            if (System.nanoTime() > deadline) {
                throw DynamoDbStoreException.misconfigured("DynamoDB table " + name + " at " + where
                        + " is not ACTIVE after " + MAX_WAIT_FOR_ACTIVE.toSeconds() + " s (status "
                        + (table == null ? "missing" : table.tableStatusAsString())
                        + "): check it in the AWS console and start again");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw DynamoDbStoreException.misconfigured("interrupted while waiting for DynamoDB table " + name);
            }
        }
    }

    private static void checkKeySchema(TableDescription table, String where) {
        boolean ok = table.keySchema().size() == 1
                && PARTITION_KEY.equals(table.keySchema().get(0).attributeName())
                && table.keySchema().get(0).keyType() == KeyType.HASH
                && table.attributeDefinitions().stream().anyMatch(d -> PARTITION_KEY.equals(d.attributeName())
                        && d.attributeType() == ScalarAttributeType.S);
        if (!ok) {
            throw DynamoDbStoreException.misconfigured("DynamoDB table " + table.tableName() + " at " + where
                    + " exists with key schema " + table.keySchema() + ", but Sluice needs only a partition key '"
                    + PARTITION_KEY + "' of type S: set " + DynamoDbConfig.ENV_TABLE + " to another name");
        }
    }

    private static void ensureTtl(DynamoDbClient client, String name, String where) {
        TimeToLiveDescription ttl = describeTtl(client, name, where);
        if (ttlOn(ttl)) {
            if (!TTL_ATTRIBUTE.equals(ttl.attributeName())) {
                LOG.warn("DynamoDB table {} has TTL on '{}', not '{}': its dedup items will not expire; "
                        + "switch TTL to '{}' to have them cleaned up", name, ttl.attributeName(), TTL_ATTRIBUTE,
                        TTL_ATTRIBUTE);
            }
            return;
        }
        try {
            call("UpdateTimeToLive", name, where, () -> client.updateTimeToLive(r -> r.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName(TTL_ATTRIBUTE).enabled(true))));
            LOG.info("Enabled TTL on {}.{}", name, TTL_ATTRIBUTE);
        } catch (DynamoDbStoreException e) {
            // "TimeToLive is already enabled": another process got there between our look and our update
            if (!ttlOn(describeTtl(client, name, where))) {
                throw e;
            }
        }
    }

    private static TimeToLiveDescription describeTtl(DynamoDbClient client, String name, String where) {
        return call("DescribeTimeToLive", name, where,
                () -> client.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription());
    }

    private static boolean ttlOn(TimeToLiveDescription ttl) {
        TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
        return status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
    }

    private static <T> T call(String operation, String table, String where, Supplier<T> action) {
        try {
            return DynamoDbRetry.DEFAULT.retry(action, DynamoDbRetry.IS_RETRYABLE);
        } catch (RuntimeException e) {
            throw DynamoDbStoreException.of(operation + " (ensure table)", table, where, e,
                    DynamoDbRetry.DEFAULT.maxAttempts());
        }
    }
}
