package dev.sluice.cli;

import dev.sluice.writer.WriterFaults;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sluice command line with writers that die: a crash test runs {@code sluice replicate} as a child process
 * through this class, so that some change batches are written and then never committed (the writer thread
 * dies before its commit, as a killed function would), besides whatever the test does to the process.
 */
final class FaultyWritersMain {
    private FaultyWritersMain() {
    }

    public static void main(String[] args) {
        AtomicInteger deaths = new AtomicInteger();
        Set<String> died = ConcurrentHashMap.newKeySet();
        WriterFaults.beforeCommit(b -> {
            if (b.sequence() % 7 == 3 && died.add(b.key().digest()) && deaths.incrementAndGet() <= 4) {
                System.err.println("test: a writer dies before committing change batch " + b.sequence() + " of "
                        + b.tableId());
                throw new ThreadDeath();
            }
        });
        Main.main(args);
    }
}
