package dev.sluice.cli;

import dev.sluice.cli.demo.DemoDatabase;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.dynamodb.DynamoDbDedupStore;
import dev.sluice.dynamodb.DynamoDbTables;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.Chunk;
import dev.sluice.jdbc.ChunkScanner;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.Verifier;
import dev.sluice.writer.WriterFaults;
import dev.sluice.writer.WriterFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once in effect: a batch delivered twice, twice at once, or after the dedup store forgot it changes
 * nothing (also for a table without a primary key, whose rows may legitimately repeat); a writer killed
 * mid-batch still ends with a verified copy.
 */
class ExactlyOnceTest {

    @AfterEach
    void noFaults() {
        WriterFaults.beforeCommit(null);
    }

    /** A source table without a primary key holding duplicate rows, read into batches. */
    private static final String SOURCE_DB = "sluice_once_src";

    private static ConnectionUrl source() throws Exception {
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, SOURCE_DB);
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events (kind VARCHAR(20) NOT NULL, amount DECIMAL(10,2), note TEXT)");
            StringBuilder sb = new StringBuilder("INSERT INTO events VALUES ");
            for (int i = 0; i < 1000; i++) {
                sb.append(i > 0 ? "," : "").append("('k").append(i % 7).append("', ").append(i % 13).append(".50, ")
                        .append(i % 5 == 0 ? "NULL" : "'n\\t\"" + (i % 3) + "'").append(')');
            }
            st.execute(sb.toString());
        }
        return src;
    }

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void sameBatchTwiceTwiceAtOnceAndAfterStoreLossChangesNothing(String targetKind) throws Exception {
        LocalRuntime rt = TestServices.runtime();
        ConnectionUrl src = source();
        ConnectionUrl dst = TestServices.freshDatabase(targetKind.equals("mariadb") ? TestServices.MY : TestServices.PG,
                "sluice_once_dst");
        Structure s;
        List<Batch> batches = new ArrayList<>();
        try (Connection c = Jdbc.connect(src)) {
            s = Catalog.of(src.engine()).read(c, src, List.of(new TableSpec("events", null)));
            new ChunkScanner(Dialect.of(src.engine()), src.engine(), "once", 100, 1 << 20)
                    .scan(c, Chunk.whole(s.tables().get(0), 0), batches::add);
        }
        assertEquals(10, batches.size());
        WriterFunction writer = new WriterFunction(rt.dedup(), rt.sequences(), Clock.systemUTC(), Duration.ofSeconds(30), 4);
        String stream = "once" + System.nanoTime();
        assertTrue(writer.apply(req(WriterRequest.Op.PREPARE, stream, dst, s, null)).ok());

        // 1. the same batch twice in a row
        assertEquals(WriterResult.Status.APPLIED, writer.apply(req(WriterRequest.Op.APPLY, stream, dst, s, batches.get(0))).status());
        assertEquals(WriterResult.Status.DUPLICATE, writer.apply(req(WriterRequest.Op.APPLY, stream, dst, s, batches.get(0))).status());
        assertEquals(100, rows(dst));

        // 2. each other batch delivered 4 times at once: exactly one applies, the others skip or are told to retry
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Batch b : batches.subList(1, 6)) {
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<WriterResult>> f = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    f.add(pool.submit((Callable<WriterResult>) () -> {
                        start.await();
                        return writer.apply(req(WriterRequest.Op.APPLY, stream, dst, s, b));
                    }));
                }
                int applied = 0;
                for (Future<WriterResult> r : f) {
                    WriterResult res = r.get();
                    assertTrue(res.ok() || res.status() == WriterResult.Status.BUSY, res.toString());
                    applied += res.status() == WriterResult.Status.APPLIED ? 1 : 0;
                }
                assertEquals(1, applied, "exactly one concurrent delivery applies");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(600, rows(dst));

        // 3. the dedup store forgot everything (new table): the target's fence still rejects the re-applied batch
        var client = rt.dynamo();
        String fresh = "sluice_batches_" + System.nanoTime();
        DynamoDbTables.ensureDedupTable(client, fresh);
        WriterFunction amnesiac = new WriterFunction(new DynamoDbDedupStore(client, fresh), rt.sequences(), Clock.systemUTC(),
                Duration.ofSeconds(30), 4);
        assertEquals(WriterResult.Status.DUPLICATE,
                amnesiac.apply(req(WriterRequest.Op.APPLY, stream, dst, s, batches.get(3))).status());
        assertEquals(600, rows(dst));

        // 4. one call with several batches, one of them already applied and one corrupt: the others land
        byte[] corrupt = BatchCodec.encode(batches.get(7));
        corrupt[corrupt.length - 1] ^= 0x55;
        WriterResult group = writer.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s,
                "events", List.of(BatchCodec.encode(batches.get(6)), BatchCodec.encode(batches.get(2)), corrupt,
                BatchCodec.encode(batches.get(8))), WriterRequest.Options.DEFAULT));
        assertEquals(List.of(WriterResult.Status.APPLIED, WriterResult.Status.DUPLICATE, WriterResult.Status.FATAL,
                WriterResult.Status.APPLIED), group.items().stream().map(WriterResult::status).toList(), group.toString());
        assertTrue(group.items().get(2).message().contains("malformed batch"), group.items().get(2).message());
        assertEquals(800, rows(dst));

        // the remaining batches complete the table: content equals the source, duplicate rows included
        WriterResult rest = writer.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s,
                "events", List.of(BatchCodec.encode(batches.get(7)), BatchCodec.encode(batches.get(9))),
                WriterRequest.Options.DEFAULT));
        assertEquals(WriterResult.Status.APPLIED, rest.status(), rest.toString());
        Table t = s.tables().get(0);
        try (Connection a = Jdbc.connect(src); Connection b = Jdbc.connect(dst)) {
            var want = Verifier.checksum(a, src.engine(), t, src.database(), false);
            var got = Verifier.checksum(b, dst.engine(), t, dst.schema(), false);
            assertEquals(1000, got.rows());
            assertEquals(want.hex(), got.hex());
        }
    }

    @Test
    void writerKilledMidBatchStillEndsVerified() throws Exception {
        LocalRuntime rt = TestServices.runtime();
        ConnectionUrl src = ConnectionUrl.parse(TestServices.MY + "sluice_crash_src");
        try (Connection c = Jdbc.connect(src.withDatabase("mysql"))) {
            DemoDatabase.create(c, "sluice_crash_src", 0.05, line -> { });
        }
        ConnectionUrl dst = TestServices.freshDatabase(TestServices.PG, "sluice_crash_dst");
        Set<String> killedOnce = ConcurrentHashMap.newKeySet();
        AtomicInteger kills = new AtomicInteger();
        // every 5th batch's first attempt dies after writing its rows, before commit, without releasing its claim
        WriterFaults.beforeCommit(b -> {
            if (Math.floorMod(b.key().digest().hashCode(), 5) == 0 && killedOnce.add(b.key().digest())) {
                kills.incrementAndGet();
                throw new ThreadDeath();
            }
        });
        StreamConfig cfg = StreamConfig.of(src, dst, List.of()).withDataBundleSize(200);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StreamRunner.Result r = new StreamRunner(rt, new PrintStream(log, true), false).run(cfg);
        ReportPrinter.print(new PrintStream(log, true), r, "report");
        assertTrue(kills.get() >= 3, "the test must kill some writers, killed " + kills.get());
        assertEquals(StreamStatus.FINISHED, r.status(), log.toString());
        assertEquals(0, r.exitCode(), log.toString());
        assertTrue(r.verdicts().stream().allMatch(Verification.TableVerdict::ok), log.toString());
    }

    private static long rows(ConnectionUrl dst) throws Exception {
        try (Connection c = Jdbc.connect(dst)) {
            return Verifier.count(c, dst.engine(), dst.schema(), "events");
        }
    }

    private static WriterRequest req(WriterRequest.Op op, String stream, ConnectionUrl dst, Structure s, Batch b) {
        return new WriterRequest(op, stream, dst.toUrlWithSecret(), s, b == null ? null : b.tableId(),
                b == null ? List.of() : List.of(BatchCodec.encode(b)), WriterRequest.Options.DEFAULT);
    }
}
