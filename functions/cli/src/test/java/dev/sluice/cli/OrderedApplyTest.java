package dev.sluice.cli;

import dev.sluice.core.batch.Action;
import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.BatchCodec;
import dev.sluice.core.batch.ChangeRows;
import dev.sluice.core.batch.RowEncoder;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.dynamodb.DynamoDbSequenceStore;
import dev.sluice.dynamodb.DynamoDbTables;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.writer.WriterFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ordered change batches: applied strictly in sequence per table, exactly once under redelivery, concurrent
 * duplicates and a sequence store that lags the target; inserts, updates (also of the key and with values
 * the source did not send) and deletes end in the right rows.
 */
class OrderedApplyTest {
    private static final Object UNCHANGED = new Object();

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void changesApplyInOrderExactlyOnce(String kind) throws Exception {
        LocalRuntime rt = TestServices.runtime();
        ConnectionUrl src = TestServices.freshDatabase(TestServices.MY, "sluice_cdc_src");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE acct (id INT PRIMARY KEY, name VARCHAR(20), balance DECIMAL(10,2), note TEXT)");
        }
        Structure s;
        try (Connection c = Jdbc.connect(src)) {
            s = Catalog.of(src.engine()).read(c, src, List.of(new TableSpec("acct", null)));
        }
        Table t = s.tables().get(0);
        ConnectionUrl dst = TestServices.freshDatabase(kind.equals("mariadb") ? TestServices.MY : TestServices.PG,
                "sluice_cdc_dst");
        WriterFunction w = new WriterFunction(rt.dedup(), rt.sequences(), Clock.systemUTC(), Duration.ofSeconds(30), 4);
        String stream = "cdc" + System.nanoTime();
        assertTrue(w.apply(new WriterRequest(WriterRequest.Op.PREPARE, stream, dst.toUrlWithSecret(), s, null,
                List.of(), WriterRequest.Options.DEFAULT)).ok());

        byte[] b1 = change(stream, t, Action.INSERT, 1, row(1, "ann", "10.00", "a"), row(2, "bob", "20.00", "b"),
                row(3, "cy", "30.00", "c"));
        byte[] b2 = change(stream, t, Action.UPDATE, 2, row(1, 1, "ann", "11.50", "a2"), row(2, 20, "bob", "20.00", "b"));
        byte[] b3 = change(stream, t, Action.DELETE, 3, row(3));
        byte[] b4 = change(stream, t, Action.UPDATE, 4, row(1, 1, UNCHANGED, "12.00", UNCHANGED));
        byte[] b5 = change(stream, t, Action.INSERT, 5, row(3, "cy again", null, null));

        assertEquals(WriterResult.Status.BUSY, apply(w, stream, dst, s, b2).status(), "2 before 1 is not its turn");
        assertEquals(WriterResult.Status.APPLIED, apply(w, stream, dst, s, b1).status());
        assertEquals(WriterResult.Status.DUPLICATE, apply(w, stream, dst, s, b1).status(), "redelivered 1");
        assertEquals(WriterResult.Status.APPLIED, apply(w, stream, dst, s, b2).status());

        // the sequence store forgot (or lags): the target's position row still says 2 is applied
        var client = rt.dynamo();
        String fresh = "sluice_seq_" + System.nanoTime();
        DynamoDbTables.ensureDedupTable(client, fresh);
        WriterFunction lagging = new WriterFunction(rt.dedup(), new DynamoDbSequenceStore(client, fresh, Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofSeconds(30), 4);
        assertEquals(WriterResult.Status.DUPLICATE, apply(lagging, stream, dst, s, b1).status());

        // batch 3 delivered four times at once: one applies, the others skip or wait, none applies twice
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier go = new CyclicBarrier(4);
            List<Future<WriterResult>> f = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                f.add(pool.submit(() -> {
                    go.await();
                    return apply(w, stream, dst, s, b3);
                }));
            }
            int applied = 0;
            for (Future<WriterResult> r : f) {
                applied += r.get().status() == WriterResult.Status.APPLIED ? 1 : 0;
            }
            assertEquals(1, applied);
        } finally {
            pool.shutdownNow();
        }
        WriterResult both = w.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s, "acct",
                List.of(b4, b5), WriterRequest.Options.DEFAULT));
        assertEquals(List.of(WriterResult.Status.APPLIED, WriterResult.Status.APPLIED),
                both.items().stream().map(WriterResult::status).toList(), both.toString());

        // a zombie applied a shorter batch 6; the bridge's own batch 6 (cut after a restart) holds more changes:
        // the ones past the target's position are applied, none twice
        byte[] zombie = change(stream, t, Action.INSERT, 6, row(30, "z0", null, null), row(31, "z1", null, null));
        byte[] full = change(stream, t, Action.INSERT, 6, row(30, "z0", null, null), row(31, "z1", null, null),
                row(32, "z2", null, null), row(33, "z3", null, null));
        assertEquals(WriterResult.Status.APPLIED, apply(w, stream, dst, s, zombie).status());
        assertEquals(WriterResult.Status.APPLIED, apply(w, stream, dst, s, full).status(), "the tail is applied");
        assertEquals(WriterResult.Status.DUPLICATE, apply(w, stream, dst, s, full).status());

        // a run of batches in one call (one transaction): the part already applied is skipped, the rest applied
        byte[] b7 = change(stream, t, Action.DELETE, 7, row(30));
        byte[] b8 = change(stream, t, Action.INSERT, 8, row(40, "r0", null, null), row(41, "r1", null, null));
        WriterResult run = w.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s, "acct",
                List.of(full, b7, b8), WriterRequest.Options.DEFAULT));
        assertEquals(List.of(WriterResult.Status.DUPLICATE, WriterResult.Status.APPLIED, WriterResult.Status.APPLIED),
                run.items().stream().map(WriterResult::status).toList(), run.toString());
        // a run that fails in its second batch (a text where the key is a number) changes nothing at all
        byte[] b9 = change(stream, t, Action.DELETE, 9, row(41));
        byte[] b10 = change(stream, t, Action.INSERT, 10, row("not a number", "x", null, null));
        WriterResult failed = w.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s,
                "acct", List.of(b9, b10), WriterRequest.Options.DEFAULT));
        assertTrue(!failed.ok() && failed.items().size() == 2, failed.toString());
        assertEquals(List.of(WriterResult.Status.APPLIED, WriterResult.Status.DUPLICATE),
                apply2(w, stream, dst, s, b9, b8), "the failed run left batch 9 unapplied; 8 is in");

        assertEquals(List.of("1|ann|12.00|a2", "3|cy again|null|null", "20|bob|20.00|b", "31|z1|null|null",
                "32|z2|null|null", "33|z3|null|null", "40|r0|null|null"), rows(dst));
    }

    private static WriterResult apply(WriterFunction w, String stream, ConnectionUrl dst, Structure s, byte[] b) {
        return w.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s, "acct", List.of(b),
                WriterRequest.Options.DEFAULT));
    }

    /** Two batches that are not one run (out of sequence): applied one by one, statuses in request order. */
    private static List<WriterResult.Status> apply2(WriterFunction w, String stream, ConnectionUrl dst, Structure s,
                                                    byte[] a, byte[] b) {
        return w.apply(new WriterRequest(WriterRequest.Op.APPLY, stream, dst.toUrlWithSecret(), s, "acct", List.of(a, b),
                WriterRequest.Options.DEFAULT)).items().stream().map(WriterResult::status).toList();
    }

    private static Object[] row(Object... v) {
        return v;
    }

    private static byte[] change(String stream, Table t, Action a, long seq, Object[]... rows) {
        RowEncoder enc = new RowEncoder(1024);
        int row = 0;
        for (Object[] r : rows) {
            enc.putText(position(seq, row++));
            for (Object v : r) {
                if (v == null) {
                    enc.putNull();
                } else if (v == UNCHANGED) {
                    enc.putUnchanged();
                } else if (v instanceof Integer i) {
                    enc.putLong(i);
                } else if (v instanceof String str && str.matches("\\d+\\.\\d\\d")) {
                    enc.putDecimal(new BigDecimal(str).toPlainString());
                } else {
                    enc.putText((String) v);
                }
            }
            enc.endRow();
        }
        return BatchCodec.encode(Batch.of(stream, t.id(), a, position(seq, 0), position(seq, rows.length - 1), seq,
                ChangeRows.columns(t, a), enc));
    }

    private static String position(long seq, int row) {
        return String.format("p%04d-%04d", seq, row);
    }

    private static List<String> rows(ConnectionUrl dst) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Jdbc.connect(dst); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, balance, note FROM acct ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return out;
    }
}
