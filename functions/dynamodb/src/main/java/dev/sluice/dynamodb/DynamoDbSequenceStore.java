package dev.sluice.dynamodb;

import dev.sluice.core.port.SequenceStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link SequenceStore} on one DynamoDB table (the sequence table), one item per stream and table:
 *
 * <pre>
 * pk        S  streamId + "#" + tableId
 * applied   N  last applied batch sequence
 * turn      N  the sequence last given its turn
 * expiresAt N  TTL, epoch seconds (30 days after the last write)
 * </pre>
 *
 * <p>{@link #turn} is one conditional UpdateItem: it succeeds only when {@code applied = n-1}; a failed
 * condition returns the old item, from which DONE or WAIT is read. {@link #advance} only moves forward.
 */
public final class DynamoDbSequenceStore implements SequenceStore {
    static final String PK = DynamoDbTables.PARTITION_KEY;
    static final String APPLIED = "applied";
    static final String TURN = "turn";
    static final String EXPIRES_AT = DynamoDbTables.TTL_ATTRIBUTE;
    static final Duration RETENTION = Duration.ofDays(30);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final DynamoDbRetry retry = DynamoDbRetry.DEFAULT;
    private final String where;

    public DynamoDbSequenceStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.table = Objects.requireNonNull(table);
        this.clock = Objects.requireNonNull(clock);
        this.where = DynamoDbClients.describe(client);
    }

    @Override
    public Turn turn(String streamId, String tableId, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequences start at 1, got " + sequence);
        }
        String condition = sequence == 1 ? "attribute_not_exists(#pk) OR #applied = :prev" : "#applied = :prev";
        Map<String, String> names = sequence == 1
                ? Map.of("#pk", PK, "#applied", APPLIED, "#turn", TURN, "#exp", EXPIRES_AT)
                : Map.of("#applied", APPLIED, "#turn", TURN, "#exp", EXPIRES_AT);
        Map<String, AttributeValue> values = Map.of(":prev", n(sequence - 1), ":n", n(sequence), ":exp", n(expiresAt()),
                ":zero", n(0));
        try {
            call("UpdateItem (turn)", () -> client.updateItem(r -> r.tableName(table).key(key(streamId, tableId))
                    .updateExpression("SET #turn = :n, #exp = :exp, #applied = if_not_exists(#applied, :zero)")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return Turn.GO;
        } catch (ConditionalCheckFailedException lost) {
            long applied = lost.hasItem() && lost.item().containsKey(APPLIED)
                    ? Long.parseLong(lost.item().get(APPLIED).n()) : 0;
            return applied >= sequence ? Turn.DONE : Turn.WAIT;
        }
    }

    @Override
    public void advance(String streamId, String tableId, long sequence) {
        try {
            call("UpdateItem (advance)", () -> client.updateItem(r -> r.tableName(table).key(key(streamId, tableId))
                    .updateExpression("SET #applied = :n, #exp = :exp")
                    .conditionExpression("attribute_not_exists(#applied) OR #applied < :n")
                    .expressionAttributeNames(Map.of("#applied", APPLIED, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":n", n(sequence), ":exp", n(expiresAt())))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // at or past this sequence already: advancing never moves back
        }
    }

    @Override
    public long applied(String streamId, String tableId) {
        Map<String, AttributeValue> item = call("GetItem (applied)", () -> client.getItem(r -> r.tableName(table)
                .key(key(streamId, tableId)).consistentRead(true))).item();
        return item == null || !item.containsKey(APPLIED) ? 0 : Long.parseLong(item.get(APPLIED).n());
    }

    private static Map<String, AttributeValue> key(String streamId, String tableId) {
        return Map.of(PK, AttributeValue.fromS(streamId + "#" + tableId));
    }

    private long expiresAt() {
        return clock.instant().plus(RETENTION).getEpochSecond();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private <T> T call(String operation, Supplier<T> action) {
        try {
            return retry.retry(action, DynamoDbRetry.IS_RETRYABLE);
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DynamoDbStoreException.of(operation, table, where, e, retry.maxAttempts());
        }
    }
}
