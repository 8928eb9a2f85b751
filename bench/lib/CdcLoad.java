import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Engine;
import dev.sluice.jdbc.Jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The change load of bench/cdc.sh, on Sluice's own JDBC setup (run in source-file mode with the Sluice CLI
 * jar and its lib/ on the class path):
 *
 * <pre>
 * setup  URL ROWS                 create table cdc_events (dropped first) and fill ids 1..ROWS
 * run    URL RATE SECONDS THREADS changes at RATE per second for SECONDS: transactions of 4 changes, about
 *                                 50 % inserts, 35 % updates, 15 % deletes (of seeded rows and of rows
 *                                 inserted a moment before); prints one JSON line with what was achieved
 * verify URL URL                  the table on both sides, row by row in key order; exit 1 if they differ
 * </pre>
 */
public final class CdcLoad {
    static final String TABLE = "cdc_events";
    static final int TX_CHANGES = 4;

    public static void main(String[] a) throws Exception {
        switch (a.length > 0 ? a[0] : "") {
            case "setup" -> setup(ConnectionUrl.parse(a[1]), Long.parseLong(a[2]));
            case "run" -> run(ConnectionUrl.parse(a[1]), Double.parseDouble(a[2]), Double.parseDouble(a[3]),
                    Integer.parseInt(a[4]));
            case "verify" -> System.exit(verify(ConnectionUrl.parse(a[1]), ConnectionUrl.parse(a[2])) ? 0 : 1);
            default -> {
                System.err.println("usage: CdcLoad setup URL ROWS | run URL RATE SECONDS THREADS | verify URL URL");
                System.exit(2);
            }
        }
    }

    static void setup(ConnectionUrl u, long rows) throws SQLException {
        try (Connection c = Jdbc.connect(u); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, k INT NOT NULL, v VARCHAR(64) NOT NULL,"
                    + " amount DECIMAL(12,2) NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?)")) {
                for (long id = 1; id <= rows; id++) {
                    bind(ps, id, (int) (id % 1000), "seed " + id, BigDecimal.valueOf(id % 100_000, 2));
                    ps.addBatch();
                    if (id % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    static void run(ConnectionUrl u, double rate, double seconds, int threads) throws Exception {
        long seed;
        try (Connection c = Jdbc.connect(u); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + TABLE + " WHERE id < 1000000000")) {
            rs.next();
            seed = rs.getLong(1);
        }
        AtomicLong changes = new AtomicLong();
        AtomicLong txs = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long interval = (long) (1e9 * threads * TX_CHANGES / rate); // per thread, between transaction starts
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try {
                    worker(u, me, threads, seed, t0 + me * interval / threads, end, interval, changes, txs);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "load-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        double took = (System.nanoTime() - t0) / 1e9;
        if (!errors.isEmpty()) {
            throw new IllegalStateException("load: " + errors.get(0), errors.get(0));
        }
        System.out.printf(Locale.ROOT, "{\"offered\": %.0f, \"changes\": %d, \"transactions\": %d, \"seconds\": %.2f,"
                + " \"achieved\": %.1f}%n", rate, changes.get(), txs.get(), took, changes.get() / took);
    }

    private static void worker(ConnectionUrl u, int me, int threads, long seed, long start, long end, long interval,
                               AtomicLong changes, AtomicLong txs) throws SQLException {
        SplittableRandom r = new SplittableRandom(me * 7919L + 1);
        List<Long> live = new ArrayList<>();
        for (long id = 1 + me; id <= seed; id += threads) {
            live.add(id);
        }
        long nextId = 1_000_000_000L + me;
        try (Connection c = Jdbc.connect(u)) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE " + TABLE + " SET k = k + 1, v = ?, amount = ?"
                         + " WHERE id = ?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
                long n = 0;
                while (true) {
                    long due = start + n * interval;
                    long now = System.nanoTime();
                    if (due >= end || now >= end) {
                        return;
                    }
                    if (due > now) {
                        LockSupport.parkNanos(due - now);
                    }
                    n++;
                    long done = 0;
                    for (int i = 0; i < TX_CHANGES; i++) {
                        int p = r.nextInt(100);
                        if (p < 50 || live.isEmpty()) {
                            long id = nextId;
                            nextId += threads;
                            bind(ins, id, r.nextInt(1000), "new " + id, BigDecimal.valueOf(r.nextInt(1_000_000), 2));
                            done += ins.executeUpdate();
                            live.add(id);
                        } else if (p < 85) {
                            long id = live.get(r.nextInt(live.size()));
                            upd.setString(1, "upd " + r.nextInt());
                            upd.setBigDecimal(2, BigDecimal.valueOf(r.nextInt(1_000_000), 2));
                            upd.setLong(3, id);
                            done += upd.executeUpdate();
                        } else {
                            // a recent row half of the time: deletes of rows inserted a moment before
                            int at = r.nextBoolean() ? live.size() - 1 : r.nextInt(live.size());
                            long id = live.get(at);
                            live.set(at, live.get(live.size() - 1));
                            live.remove(live.size() - 1);
                            del.setLong(1, id);
                            done += del.executeUpdate();
                        }
                    }
                    c.commit();
                    changes.addAndGet(done);
                    txs.incrementAndGet();
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, long id, int k, String v, BigDecimal amount) throws SQLException {
        ps.setLong(1, id);
        ps.setInt(2, k);
        ps.setString(3, v);
        ps.setBigDecimal(4, amount);
    }

    static boolean verify(ConnectionUrl a, ConnectionUrl b) throws SQLException {
        try (Connection ca = Jdbc.connect(a); Connection cb = Jdbc.connect(b)) {
            ca.setAutoCommit(false); // PostgreSQL streams only inside a transaction
            cb.setAutoCommit(false);
            String q = "SELECT id, k, v, amount FROM " + TABLE + " ORDER BY id";
            try (Statement sa = stream(ca, a); Statement sb = stream(cb, b);
                 ResultSet ra = sa.executeQuery(q); ResultSet rb = sb.executeQuery(q)) {
                long rows = 0;
                while (true) {
                    boolean na = ra.next();
                    boolean nb = rb.next();
                    if (!na || !nb) {
                        if (na != nb) {
                            System.out.println("DIFFERENT: " + (na ? "the source" : "the target") + " has more rows"
                                    + " after " + rows + " equal ones (next id " + (na ? ra.getLong(1) : rb.getLong(1)) + ")");
                            return false;
                        }
                        System.out.println("equal: " + rows + " rows of " + TABLE + " match row by row");
                        return true;
                    }
                    if (ra.getLong(1) != rb.getLong(1) || ra.getInt(2) != rb.getInt(2)
                            || !Objects.equals(ra.getString(3), rb.getString(3))
                            || ra.getBigDecimal(4).compareTo(rb.getBigDecimal(4)) != 0) {
                        System.out.println("DIFFERENT at row " + rows + ": source id " + ra.getLong(1) + ", target id "
                                + rb.getLong(1));
                        return false;
                    }
                    rows++;
                }
            }
        }
    }

    private static Statement stream(Connection c, ConnectionUrl u) throws SQLException {
        Statement st = c.createStatement();
        st.setFetchSize(u.engine() == Engine.POSTGRESQL ? 5_000 : 10_000);
        return st;
    }
}
