package dev.sluice.dynamodb;

import dev.sluice.core.port.DedupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link DedupStore} on one DynamoDB table, one item per batch:
 *
 * <pre>
 * pk         S  streamId + "#" + batchKey      (partition key)
 * status     S  IN_PROGRESS | APPLIED
 * leaseUntil N  epoch millis a claim is valid until (IN_PROGRESS only)
 * owner      S  random token of the claim      (IN_PROGRESS only)
 * appliedAt  N  epoch millis                   (APPLIED only)
 * expiresAt  N  epoch seconds, the table's TTL attribute
 * </pre>
 *
 * <p>Every step is one conditional write; a lost race is read from the old item DynamoDB returns with the
 * failed condition ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}), never by reading first.
 *
 * <p>A claim carries a fresh owner token. If a claim's response is lost and the call is retried, DynamoDB
 * returns the item with our own token and the retry still yields CLAIMED. {@link #release} deletes only the
 * claim this instance made when it knows its token, so a writer whose lease ran out cannot drop the claim of
 * the writer that took over. Thread-safe.
 */
public final class DynamoDbDedupStore implements DedupStore {

    /** How long an item is kept after its last write before TTL removes it. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** {@code status} of a live or crashed claim. */
    public static final String IN_PROGRESS = "IN_PROGRESS";
    /** {@code status} of a batch whose writer committed. */
    public static final String APPLIED = "APPLIED";

    static final String PK = DynamoDbTables.PARTITION_KEY;
    static final String STATUS = "status";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String OWNER = "owner";
    static final String APPLIED_AT = "appliedAt";
    static final String EXPIRES_AT = DynamoDbTables.TTL_ATTRIBUTE;

    /** DynamoDB's limits on items per TransactWriteItems and per BatchWriteItem. */
    static final int MAX_TRANSACTION_ITEMS = 100;
    static final int MAX_BATCH_WRITE_ITEMS = 25;

    /** DynamoDB's limit on a partition key value, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 2048;

    private static final String CLAIM_CONDITION =
            "attribute_not_exists(#pk) OR (#status = :inprog AND #leaseUntil < :now)";

    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;
    private final DynamoDbRetry retry;
    private final String where;
    /** Owner tokens of this instance's live claims, by pk; removed on markApplied/release. */
    private final Map<String, String> ownClaims = new ConcurrentHashMap<>();

    /** A store on {@code table} with {@link #DEFAULT_RETENTION} and {@link DynamoDbRetry#DEFAULT}. */
    public DynamoDbDedupStore(DynamoDbClient client, String table) {
        this(client, table, DEFAULT_RETENTION, DynamoDbRetry.DEFAULT);
    }

    /**
     * @param client    a client, usually from {@link DynamoDbClients}; not closed by this store
     * @param table     the table, created by {@link DynamoDbTables#ensureDedupTable}
     * @param retention how long items stay after their last write (TTL)
     * @param retry     backoff for throttling and unreachable endpoints
     */
    public DynamoDbDedupStore(DynamoDbClient client, String table, Duration retention, DynamoDbRetry retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.retry = Objects.requireNonNull(retry, "retry");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        this.where = DynamoDbClients.describe(client);
    }

    /** The table this store writes to. */
    public String table() {
        return table;
    }

    /**
     * One conditional PutItem: succeeds when there is no item, or when the item is a claim whose lease ended
     * before {@code now}. Otherwise the old item says APPLIED or BUSY.
     *
     * @throws DynamoDbStoreException when DynamoDB cannot be used (message says what to check)
     */
    @Override
    public Claim claim(String streamId, String batchKey, Instant now, Duration lease) {
        Objects.requireNonNull(now, "now");
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        String pk = pk(streamId, batchKey);
        String token = UUID.randomUUID().toString();
        long leaseUntil = now.plus(lease).toEpochMilli();
        Map<String, AttributeValue> item = Map.of(
                PK, s(pk),
                STATUS, s(IN_PROGRESS),
                LEASE_UNTIL, n(leaseUntil),
                OWNER, s(token),
                EXPIRES_AT, n(expiresAt(now, leaseUntil)));
        try {
            call("PutItem (claim)", () -> client.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(CLAIM_CONDITION)
                    .expressionAttributeNames(Map.of("#pk", PK, "#status", STATUS, "#leaseUntil", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":inprog", s(IN_PROGRESS), ":now", n(now.toEpochMilli())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException lost) {
            return fromOldItem(pk, token, lost);
        }
        ownClaims.put(pk, token);
        return Claim.CLAIMED;
    }

    /**
     * Marks the batch APPLIED (an UpdateItem without condition: the target already committed, so this is
     * the truth even if the lease ran out meanwhile) and restarts its retention.
     */
    @Override
    public void markApplied(String streamId, String batchKey, Instant now) {
        Objects.requireNonNull(now, "now");
        String pk = pk(streamId, batchKey);
        call("UpdateItem (markApplied)", () -> client.updateItem(r -> r.tableName(table).key(Map.of(PK, s(pk)))
                .updateExpression("SET #status = :applied, #appliedAt = :now, #expiresAt = :exp"
                        + " REMOVE #leaseUntil, #owner")
                .expressionAttributeNames(Map.of("#status", STATUS, "#appliedAt", APPLIED_AT,
                        "#expiresAt", EXPIRES_AT, "#leaseUntil", LEASE_UNTIL, "#owner", OWNER))
                .expressionAttributeValues(Map.of(":applied", s(APPLIED), ":now", n(now.toEpochMilli()),
                        ":exp", n(expiresAt(now, now.toEpochMilli()))))));
        ownClaims.remove(pk);
    }

    /**
     * Deletes the claim so another writer can take the batch at once. Only an IN_PROGRESS item is deleted,
     * and only the claim this instance made when it made one; an APPLIED item or someone else's claim stays.
     */
    @Override
    public void release(String streamId, String batchKey) {
        String pk = pk(streamId, batchKey);
        String token = ownClaims.remove(pk);
        String condition = token == null ? "#status = :inprog" : "#status = :inprog AND #owner = :owner";
        Map<String, String> names = token == null ? Map.of("#status", STATUS)
                : Map.of("#status", STATUS, "#owner", OWNER);
        Map<String, AttributeValue> values = token == null ? Map.of(":inprog", s(IN_PROGRESS))
                : Map.of(":inprog", s(IN_PROGRESS), ":owner", s(token));
        try {
            call("DeleteItem (release)", () -> client.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(pk)))
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // applied, released, or taken over by another writer: nothing of ours to delete
        }
    }

    /**
     * Claims up to 100 batches in one TransactWriteItems of conditional puts. When any condition fails the
     * transaction writes nothing, and each key is then claimed on its own, so the outcome per key is the
     * same as {@link #claim}'s.
     */
    @Override
    public Map<String, Claim> claimAll(String streamId, java.util.List<String> batchKeys, Instant now, Duration lease) {
        if (batchKeys.size() <= 1 || batchKeys.size() > MAX_TRANSACTION_ITEMS
                || new java.util.HashSet<>(batchKeys).size() != batchKeys.size()) {
            return DedupStore.super.claimAll(streamId, batchKeys, now, lease);
        }
        long leaseUntil = now.plus(lease).toEpochMilli();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        java.util.List<TransactWriteItem> puts = new java.util.ArrayList<>();
        for (String k : batchKeys) {
            String pk = pk(streamId, k);
            String token = UUID.randomUUID().toString();
            tokens.put(pk, token);
            puts.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of(PK, s(pk), STATUS, s(IN_PROGRESS), LEASE_UNTIL, n(leaseUntil), OWNER, s(token),
                            EXPIRES_AT, n(expiresAt(now, leaseUntil))))
                    .conditionExpression(CLAIM_CONDITION)
                    .expressionAttributeNames(Map.of("#pk", PK, "#status", STATUS, "#leaseUntil", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":inprog", s(IN_PROGRESS), ":now", n(now.toEpochMilli())))
                    .build()).build());
        }
        try {
            call("TransactWriteItems (claim)", () -> client.transactWriteItems(r -> r.transactItems(puts)));
        } catch (TransactionCanceledException conflict) {
            return DedupStore.super.claimAll(streamId, batchKeys, now, lease);
        }
        ownClaims.putAll(tokens);
        Map<String, Claim> out = new java.util.LinkedHashMap<>();
        batchKeys.forEach(k -> out.put(k, Claim.CLAIMED));
        return out;
    }

    /** Marks batches applied with BatchWriteItem puts (25 per request; unprocessed items are sent again). */
    @Override
    public void markAppliedAll(String streamId, java.util.List<String> batchKeys, Instant now) {
        java.util.List<WriteRequest> writes = new java.util.ArrayList<>();
        for (String k : batchKeys) {
            String pk = pk(streamId, k);
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(PK, s(pk),
                    STATUS, s(APPLIED), APPLIED_AT, n(now.toEpochMilli()),
                    EXPIRES_AT, n(expiresAt(now, now.toEpochMilli())))).build()).build());
            ownClaims.remove(pk);
        }
        for (int i = 0; i < writes.size(); i += MAX_BATCH_WRITE_ITEMS) {
            java.util.List<WriteRequest> part = writes.subList(i, Math.min(writes.size(), i + MAX_BATCH_WRITE_ITEMS));
            Map<String, java.util.List<WriteRequest>> pending = Map.of(table, part);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, java.util.List.of()).isEmpty();
                 attempt++) {
                if (attempt > 0) {
                    sleep(Math.min(1000, 50L << attempt));
                }
                Map<String, java.util.List<WriteRequest>> req = pending;
                pending = call("BatchWriteItem (markApplied)", () -> client.batchWriteItem(r -> r.requestItems(req)))
                        .unprocessedItems();
                if (attempt > 10) {
                    throw DynamoDbStoreException.misconfigured("DynamoDB table " + table + " at " + where
                            + " keeps leaving writes unprocessed: is it throttled?");
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Claim fromOldItem(String pk, String token, ConditionalCheckFailedException lost) {
        Map<String, AttributeValue> old = lost.hasItem() ? lost.item() : Map.of();
        AttributeValue status = old.get(STATUS);
        if (status != null && APPLIED.equals(status.s())) {
            return Claim.APPLIED;
        }
        if (status != null && IN_PROGRESS.equals(status.s())) {
            AttributeValue owner = old.get(OWNER);
            if (owner != null && token.equals(owner.s())) {
                // our own write landed on an earlier attempt whose response was lost
                ownClaims.put(pk, token);
                return Claim.CLAIMED;
            }
            return Claim.BUSY;
        }
        throw DynamoDbStoreException.misconfigured("DynamoDB table " + table + " at " + where + " refused a claim"
                + " on " + pk + " but returned " + (old.isEmpty() ? "no old item" : "status " + status)
                + ": is another program writing to this table, or does the endpoint ignore"
                + " ReturnValuesOnConditionCheckFailure? Give Sluice a table of its own ("
                + DynamoDbConfig.ENV_TABLE + ")");
    }

    /** Runs {@code action} with retries; a lost condition passes through, anything else is explained. */
    private <T> T call(String operation, Supplier<T> action) {
        try {
            return retry.retry(action, DynamoDbRetry.IS_RETRYABLE);
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DynamoDbStoreException.of(operation, table, where, e, retry.maxAttempts());
        }
    }

    private long expiresAt(Instant now, long leaseUntilMillis) {
        long byRetention = now.plus(retention).getEpochSecond();
        return Math.max(byRetention, leaseUntilMillis / 1000 + 1);
    }

    static String pk(String streamId, String batchKey) {
        if (streamId == null || streamId.isEmpty() || streamId.indexOf('#') >= 0) {
            throw new IllegalArgumentException("streamId must be non-empty and without '#', got " + streamId);
        }
        if (batchKey == null || batchKey.isEmpty()) {
            throw new IllegalArgumentException("batchKey must be non-empty");
        }
        String pk = streamId + "#" + batchKey;
        if (pk.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("streamId#batchKey is longer than DynamoDB's " + MAX_KEY_BYTES
                    + "-byte partition key limit: pass a digest (BatchKey.digest()) as batchKey");
        }
        return pk;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
