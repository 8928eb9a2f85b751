package dev.sluice.dynamodb;

import dev.sluice.core.port.SequenceStore.Turn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Batches of a table get their turn strictly in order; a zombie or duplicate never gets a second turn. */
class DynamoDbSequenceStoreTest {
    private static DynamoDbClient client;
    private static String table;

    @BeforeAll
    static void createTable() {
        client = LocalDynamoDb.client();
        table = LocalDynamoDb.uniqueTableName("seq");
        DynamoDbTables.ensureDedupTable(client, table);
    }

    private static String stream() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void turnsComeInOrderAndAppliedBatchesAreDone() {
        DynamoDbSequenceStore s = new DynamoDbSequenceStore(client, table, Clock.systemUTC());
        String st = stream();
        assertEquals(0, s.applied(st, "orders"));
        assertEquals(Turn.WAIT, s.turn(st, "orders", 2), "2 before 1: not its turn");
        assertEquals(Turn.GO, s.turn(st, "orders", 1));
        assertEquals(Turn.WAIT, s.turn(st, "orders", 2), "1 is not applied yet");
        s.advance(st, "orders", 1);
        assertEquals(1, s.applied(st, "orders"));
        assertEquals(Turn.DONE, s.turn(st, "orders", 1), "a redelivered 1 is done");
        assertEquals(Turn.GO, s.turn(st, "orders", 2));
        s.advance(st, "orders", 2);
        s.advance(st, "orders", 1);
        assertEquals(2, s.applied(st, "orders"), "advance never moves back");
        assertEquals(Turn.GO, s.turn(st, "customers", 1), "tables are independent");
    }

    @Test
    void concurrentDuplicatesOfOneBatchAllSeeTheSameTurnUntilItAdvances() throws Exception {
        DynamoDbSequenceStore s = new DynamoDbSequenceStore(client, table, Clock.systemUTC());
        String st = stream();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier go = new CyclicBarrier(4);
            List<Future<Turn>> f = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                f.add(pool.submit(() -> {
                    go.await();
                    return s.turn(st, "t", 1);
                }));
            }
            for (Future<Turn> t : f) {
                assertEquals(Turn.GO, t.get(), "turn is not exclusive: the target's position row decides");
            }
            s.advance(st, "t", 1);
            assertEquals(Turn.DONE, s.turn(st, "t", 1));
        } finally {
            pool.shutdownNow();
        }
    }
}
