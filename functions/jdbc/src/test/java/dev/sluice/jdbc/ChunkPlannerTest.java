package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.TableSpec;
import dev.sluice.core.model.Table;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table with a composite key whose first column is an integer is split into ranges of that column and read in
 * parallel pieces; every row is read exactly once, in key order within each piece. On the local servers.
 */
class ChunkPlannerTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql://root@127.0.0.1:3306/", "postgresql://postgres@127.0.0.1:5432/"})
    void aCompositeKeyWithALeadingIntegerSplitsAndEveryRowIsReadOnce(String server) throws Exception {
        String db = "sluice_chunk_planner_test";
        boolean pg = server.startsWith("postgresql");
        ConnectionUrl admin = ConnectionUrl.parse(server + (pg ? "postgres" : "mysql"));
        try (Connection c = Jdbc.connect(admin); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        ConnectionUrl url = ConnectionUrl.parse(server + db);
        try {
            try (Connection c = Jdbc.connect(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE salaries (emp_no int NOT NULL, from_date date NOT NULL, salary int,"
                        + " PRIMARY KEY (emp_no, from_date))");
                // 30,000 employees x 4 dates = 120,000 rows
                st.execute(pg
                        ? "INSERT INTO salaries SELECT e, DATE '2000-01-01' + d * 365, e * 10 + d"
                        + " FROM generate_series(1, 30000) e, generate_series(0, 3) d"
                        : "INSERT INTO salaries SELECT e.seq, DATE '2000-01-01' + INTERVAL (d.seq * 365) DAY,"
                        + " e.seq * 10 + d.seq FROM seq_1_to_30000 e, seq_0_to_3 d");
                st.execute(pg ? "ANALYZE salaries" : "ANALYZE TABLE salaries");
            }
            try (Connection c = Jdbc.connect(url)) {
                Table t = Catalog.of(url.engine()).read(c, url, List.of(new TableSpec("salaries", null))).tables().get(0);
                Dialect d = Dialect.of(url.engine());
                List<Chunk> chunks = ChunkPlanner.plan(c, d, t, 0, 4);
                assertEquals(2, chunks.size(), "120,000 rows at 50,000 per chunk at least: " + chunks);
                assertTrue(chunks.stream().allMatch(Chunk::isRange));
                ChunkScanner scanner = new ChunkScanner(d, url.engine(), "s", 2_000, 8L << 20);
                Set<String> seen = new HashSet<>();
                long read = 0;
                for (Chunk chunk : chunks) {
                    List<Batch> batches = new ArrayList<>();
                    read += scanner.scan(c, chunk, batches::add);
                    String previous = null;
                    for (Batch b : batches) {
                        var cur = b.cursor();
                        while (cur.next()) {
                            String key = cur.getLong(0) + "/" + cur.getString(1);
                            assertTrue(seen.add(key), "read twice: " + key);
                            String sortable = String.format("%08d/%s", cur.getLong(0), cur.getString(1));
                            assertTrue(previous == null || previous.compareTo(sortable) < 0, "key order in a chunk");
                            previous = sortable;
                        }
                        assertFalse(b.key().firstId().isEmpty());
                        assertTrue(b.key().lastId().matches("\\d+,\\d{4}-\\d\\d-\\d\\d"), b.key().lastId());
                    }
                }
                assertEquals(120_000, read);
                assertEquals(120_000, seen.size());
            }
        } finally {
            try (Connection c = Jdbc.connect(admin); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db);
            } catch (SQLException ignored) {
                // best effort
            }
        }
    }
}
