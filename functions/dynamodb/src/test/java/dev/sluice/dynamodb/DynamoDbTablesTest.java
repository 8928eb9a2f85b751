package dev.sluice.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link DynamoDbTables} against DynamoDB Local. */
class DynamoDbTablesTest {

    private static DynamoDbClient client;

    @BeforeAll
    static void connect() {
        client = LocalDynamoDb.client();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void createsAnActiveOnDemandTableWithTtlAndIsIdempotent() {
        String name = LocalDynamoDb.uniqueTableName("sluice_batches");
        DynamoDbTables.ensureDedupTable(client, name);
        DynamoDbTables.ensureDedupTable(client, name);

        TableDescription t = client.describeTable(r -> r.tableName(name)).table();
        assertEquals(TableStatus.ACTIVE, t.tableStatus());
        assertEquals("pk", t.keySchema().get(0).attributeName());
        assertEquals(KeyType.HASH, t.keySchema().get(0).keyType());
        assertEquals(1, t.keySchema().size());
        assertEquals(BillingMode.PAY_PER_REQUEST, t.billingModeSummary().billingMode());
        TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("expiresAt", ttl.attributeName());
    }

    @Test
    void severalProcessesMayEnsureTheSameTableAtOnce() throws Exception {
        String name = LocalDynamoDb.uniqueTableName("race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> DynamoDbTables.ensureDedupTable(client, name)));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(TableStatus.ACTIVE, client.describeTable(r -> r.tableName(name)).table().tableStatus());
    }

    @Test
    void aTableWithAnotherKeySchemaIsRefusedWithAHint() {
        String name = LocalDynamoDb.uniqueTableName("foreign");
        client.createTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        DynamoDbStoreException e = assertThrows(DynamoDbStoreException.class,
                () -> DynamoDbTables.ensureDedupTable(client, name));
        assertTrue(e.getMessage().contains("DynamoDB table " + name), e.getMessage());
        assertTrue(e.getMessage().contains("partition key 'pk' of type S"), e.getMessage());
        assertTrue(e.getMessage().contains("SLUICE_DEDUP_TABLE"), e.getMessage());
    }
}
