package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jdbc.Verifier;
import dev.sluice.writer.WriterFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer call carries several batches of a table; when the writer dies, which of them killed it is unknown.
 * The crash must not be charged to all of them: each is then sent alone, so a batch that kills its writer
 * every time is the only one set aside, and batches that each kill one attempt all get in.
 */
class WriterCrashBlameTest {
    private static final int ROWS = 3_000;
    private static final int BUNDLE = 100;
    private ConnectionUrl src;
    private ConnectionUrl dst;

    @BeforeEach
    void databases() throws Exception {
        TestServices.requireServers();
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        src = TestServices.freshDatabase(TestServices.MY, "sluice_blame_" + run + "_src");
        dst = TestServices.freshDatabase(TestServices.PG, "sluice_blame_" + run + "_dst");
        try (Connection c = Jdbc.connect(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events (id INT PRIMARY KEY, body VARCHAR(40))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events VALUES (?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "event " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        WriterFaults.beforeCommit(null);
        CdcEndToEndTest.dropDatabase(src);
        CdcEndToEndTest.dropDatabase(dst);
    }

    private StreamRunner.Result copy(ByteArrayOutputStream log) throws InterruptedException {
        StreamConfig cfg = StreamConfig.of(src, dst, List.of()).withDataBundleSize(BUNDLE);
        StreamRunner.Result r = new StreamRunner(TestServices.runtime(), new PrintStream(log, true), false).run(cfg);
        ReportPrinter.print(new PrintStream(log, true), r, "report");
        return r;
    }

    @Test
    void everyBatchKillingItsFirstWriterStillEndsVerified() throws Exception {
        Set<String> tried = ConcurrentHashMap.newKeySet();
        AtomicInteger kills = new AtomicInteger();
        WriterFaults.beforeCommit(b -> {
            if (tried.add(b.key().digest())) {
                kills.incrementAndGet();
                throw new ThreadDeath(); // dies after writing, before commit, claim not released
            }
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StreamRunner.Result r = copy(log);
        assertEquals(ROWS / BUNDLE, kills.get(), "each batch killed one writer\n" + log);
        assertEquals(StreamStatus.FINISHED, r.status(), log.toString());
        assertTrue(r.verdicts().size() == 1 && r.verdicts().get(0).ok(), log.toString());
    }

    @Test
    void onlyTheBatchThatAlwaysKillsItsWriterIsSetAside() throws Exception {
        AtomicInteger poisonRows = new AtomicInteger();
        WriterFaults.beforeCommit(b -> {
            // the batch holding id 1001 kills every writer it meets
            if (Long.parseLong(b.key().firstId()) <= 1001 && Long.parseLong(b.key().lastId()) >= 1001) {
                poisonRows.set(b.rowCount());
                throw new ThreadDeath();
            }
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StreamRunner.Result r = copy(log);
        assertEquals(StreamStatus.FAILED, r.status(), log.toString());
        assertTrue(r.progress().errors().toString().contains("failed 5 times and was set aside: writer crashed"),
                r.progress().errors().toString());
        assertEquals(1, r.progress().table(r.progress().tables().get(0).tableId()).poison(), "one batch set aside\n"
                + log);
        assertTrue(poisonRows.get() > 0, "the poison batch was tried");
        try (Connection c = Jdbc.connect(dst)) {
            assertEquals(ROWS - poisonRows.get(), Verifier.count(c, dst.engine(), dst.schema(), "events"),
                    "every other batch is in\n" + log);
        }
    }
}
