package dev.sluice.dynamodb;

import static dev.sluice.core.port.DedupStore.Claim.APPLIED;
import static dev.sluice.core.port.DedupStore.Claim.BUSY;
import static dev.sluice.core.port.DedupStore.Claim.CLAIMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.port.DedupStore;
import dev.sluice.core.port.DedupStore.Claim;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@link DynamoDbDedupStore} against DynamoDB Local: the claim protocol a writer relies on. */
class DynamoDbDedupStoreTest {

    /**
     * Base of the {@code now} values the tests pass in. Near the wall clock on purpose: DynamoDB Local runs
     * TTL, and would delete items whose {@code expiresAt} (T0 + 7 days) lies in the real past mid-test.
     */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static DynamoDbClient client;
    private static String table;

    private DynamoDbDedupStore store;
    private String stream;

    @BeforeAll
    static void createTable() {
        client = LocalDynamoDb.client();
        table = LocalDynamoDb.uniqueTableName("dedup");
        DynamoDbTables.ensureDedupTable(client, table);
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void freshStream() {
        store = new DynamoDbDedupStore(client, table);
        stream = "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void firstClaimWinsAndASecondWhileTheLeaseLivesIsBusy() {
        assertEquals(CLAIMED, store.claim(stream, "b1", T0, LEASE));
        assertEquals(BUSY, store.claim(stream, "b1", T0.plusSeconds(1), LEASE));
        assertEquals(BUSY, new DynamoDbDedupStore(client, table).claim(stream, "b1", T0.plusSeconds(29), LEASE));
        assertEquals(CLAIMED, store.claim(stream, "b2", T0, LEASE), "another batch is independent");
        assertEquals(CLAIMED, store.claim("other", "b1", T0, LEASE), "another stream is independent");
    }

    @Test
    void claimAllClaimsFreshKeysTogetherAndReportsEachKeyLikeClaimWouldWhenOneIsTaken() {
        java.util.List<String> keys = java.util.List.of("g1", "g2", "g3", "g4");
        assertEquals(java.util.Map.of("g1", CLAIMED, "g2", CLAIMED, "g3", CLAIMED, "g4", CLAIMED),
                store.claimAll(stream, keys, T0, LEASE));
        store.markAppliedAll(stream, java.util.List.of("g1", "g2"), T0.plusSeconds(1));
        java.util.Map<String, dev.sluice.core.port.DedupStore.Claim> again =
                new DynamoDbDedupStore(client, table).claimAll(stream, java.util.List.of("g1", "g2", "g3", "g5"),
                        T0.plusSeconds(2), LEASE);
        assertEquals(APPLIED, again.get("g1"));
        assertEquals(APPLIED, again.get("g2"));
        assertEquals(BUSY, again.get("g3"), "g3's claim is still live");
        assertEquals(CLAIMED, again.get("g5"), "a fresh key in a group with taken ones is still claimed");
    }

    @Test
    void markAppliedAllHandlesMoreThanOneRequestsWorth() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("m" + i);
        }
        store.markAppliedAll(stream, keys, T0);
        for (String k : keys) {
            assertEquals(APPLIED, store.claim(stream, k, T0.plusSeconds(1), LEASE), k);
        }
    }

    @Test
    void appliedBatchIsSkippedForeverAfter() {
        assertEquals(CLAIMED, store.claim(stream, "b1", T0, LEASE));
        store.markApplied(stream, "b1", T0.plusSeconds(2));
        assertEquals(APPLIED, store.claim(stream, "b1", T0.plusSeconds(3), LEASE));
        assertEquals(APPLIED, store.claim(stream, "b1", T0.plus(Duration.ofDays(3)), LEASE),
                "long after the lease, still applied");
    }

    @Test
    void claimOfACrashedWriterCanBeTakenOverWhenItsLeaseEnds() {
        assertEquals(CLAIMED, store.claim(stream, "b1", T0, LEASE));
        // the writer dies without release or markApplied
        DynamoDbDedupStore next = new DynamoDbDedupStore(client, table);
        assertEquals(BUSY, next.claim(stream, "b1", T0.plus(LEASE), LEASE), "lease ends only after leaseUntil");
        assertEquals(CLAIMED, next.claim(stream, "b1", T0.plus(LEASE).plusMillis(1), LEASE));
        assertEquals(BUSY, store.claim(stream, "b1", T0.plus(LEASE).plusSeconds(1), LEASE),
                "the new claim has a fresh lease");
    }

    @Test
    void releaseLetsAnotherWriterClaimAtOnce() {
        assertEquals(CLAIMED, store.claim(stream, "b1", T0, LEASE));
        store.release(stream, "b1");
        assertEquals(CLAIMED, new DynamoDbDedupStore(client, table).claim(stream, "b1", T0.plusSeconds(1), LEASE));
    }

    @Test
    void releaseNeverUndoesAnAppliedBatchAndToleratesNothingToRelease() {
        store.release(stream, "never-claimed");
        assertEquals(CLAIMED, store.claim(stream, "b1", T0, LEASE));
        store.markApplied(stream, "b1", T0.plusSeconds(1));
        store.release(stream, "b1");
        new DynamoDbDedupStore(client, table).release(stream, "b1");
        assertEquals(APPLIED, store.claim(stream, "b1", T0.plusSeconds(2), LEASE));
    }

    @Test
    void aWriterWhoseLeaseRanOutCannotReleaseTheClaimOfItsSuccessor() {
        DynamoDbDedupStore slow = store;
        DynamoDbDedupStore successor = new DynamoDbDedupStore(client, table);
        assertEquals(CLAIMED, slow.claim(stream, "b1", T0, LEASE));
        assertEquals(CLAIMED, successor.claim(stream, "b1", T0.plus(LEASE).plusSeconds(1), LEASE));
        slow.release(stream, "b1"); // the slow writer gives up late
        DynamoDbDedupStore third = new DynamoDbDedupStore(client, table);
        assertEquals(BUSY, third.claim(stream, "b1", T0.plus(LEASE).plusSeconds(2), LEASE),
                "the successor still owns the batch");
    }

    @Test
    void markAppliedWithoutAClaimStillRecordsTheBatch() {
        store.markApplied(stream, "b1", T0);
        assertEquals(APPLIED, store.claim(stream, "b1", T0.plusSeconds(1), LEASE));
    }

    @Test
    void itemsCarryTheLeaseAndExpireThroughTtlSevenDaysAfterTheLastWrite() {
        store.claim(stream, "b1", T0, LEASE);
        Map<String, AttributeValue> claimed = item(stream + "#b1");
        assertEquals("IN_PROGRESS", claimed.get("status").s());
        assertEquals(Long.toString(T0.plus(LEASE).toEpochMilli()), claimed.get("leaseUntil").n());
        assertEquals(Long.toString(T0.plus(Duration.ofDays(7)).getEpochSecond()), claimed.get("expiresAt").n());

        Instant applied = T0.plusSeconds(10);
        store.markApplied(stream, "b1", applied);
        Map<String, AttributeValue> done = item(stream + "#b1");
        assertEquals("APPLIED", done.get("status").s());
        assertEquals(Long.toString(applied.plus(Duration.ofDays(7)).getEpochSecond()), done.get("expiresAt").n());
        assertFalse(done.containsKey("leaseUntil"), "an applied batch has no lease");
    }

    @Test
    void concurrentClaimsOfTheSameBatchHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        int keys = 50;
        Map<String, AtomicInteger> winners = new ConcurrentHashMap<>();
        Map<Claim, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    DedupStore own = new DynamoDbDedupStore(client, table); // one writer per thread
                    List<String> order = new ArrayList<>();
                    for (int k = 0; k < keys; k++) {
                        order.add("batch-" + k);
                    }
                    Collections.shuffle(order);
                    go.await();
                    for (String key : order) {
                        Claim c = own.claim(stream, key, T0, LEASE);
                        outcomes.computeIfAbsent(c, x -> new AtomicInteger()).incrementAndGet();
                        if (c == CLAIMED) {
                            winners.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(keys, winners.size(), "every batch was claimed");
        winners.forEach((key, n) -> assertEquals(1, n.get(), key + " claimed by " + n + " writers"));
        assertEquals(keys * (threads - 1), outcomes.get(BUSY).get(), "all others were told BUSY");
    }

    @Test
    void missingTableIsReportedByNameWithWhatToDo() {
        String missing = LocalDynamoDb.uniqueTableName("missing");
        DynamoDbDedupStore noTable = new DynamoDbDedupStore(client, missing);
        DynamoDbStoreException e = assertThrows(DynamoDbStoreException.class,
                () -> noTable.claim(stream, "b1", T0, LEASE));
        assertTrue(e.getMessage().startsWith("DynamoDB table " + missing + " does not exist at "
                + LocalDynamoDb.endpoint()), e.getMessage());
        assertTrue(e.getMessage().contains("let Sluice create it"), e.getMessage());
        assertTrue(e.getMessage().contains("PutItem (claim)"), e.getMessage());
        assertFalse(e.transientFailure());
    }

    @Test
    void aTableOfAnotherShapeIsReportedWithAHint() {
        String foreign = LocalDynamoDb.uniqueTableName("foreign");
        client.createTable(r -> r.tableName(foreign)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        DynamoDbStoreException e = assertThrows(DynamoDbStoreException.class,
                () -> new DynamoDbDedupStore(client, foreign).claim(stream, "b1", T0, LEASE));
        assertTrue(e.getMessage().startsWith("DynamoDB rejected PutItem (claim) on table " + foreign), e.getMessage());
        assertTrue(e.getMessage().contains("partition key is 'pk' of type S"), e.getMessage());
        assertFalse(e.transientFailure());
    }

    @Test
    void unreachableEndpointFailsAfterBoundedRetriesAsTransient() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        try (DynamoDbClient nowhere = DynamoDbClients.forEndpoint(closed, "us-east-1")) {
            DynamoDbDedupStore unreachable = new DynamoDbDedupStore(nowhere, table, Duration.ofDays(7),
                    new DynamoDbRetry(3, Duration.ofMillis(1), Duration.ofMillis(5)));
            DynamoDbStoreException e = assertThrows(DynamoDbStoreException.class,
                    () -> unreachable.claim(stream, "b1", T0, LEASE));
            assertTrue(e.getMessage().contains("on table " + table + " at " + closed), e.getMessage());
            assertTrue(e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
            assertTrue(e.transientFailure(), "a writer may retry the batch later");
        }
    }

    @Test
    void keysThatCannotBeStoredAreRefusedBeforeCallingDynamoDb() {
        assertThrows(IllegalArgumentException.class, () -> store.claim("a#b", "c", T0, LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.claim(stream, "", T0, LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.claim(stream, "x".repeat(3000), T0, LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.claim(stream, "b1", T0, Duration.ZERO));
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed on return: connections are refused
        }
    }

    private Map<String, AttributeValue> item(String pk) {
        return client.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))
                .consistentRead(true)).item();
    }
}
