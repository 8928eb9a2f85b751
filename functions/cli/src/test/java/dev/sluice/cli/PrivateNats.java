package dev.sluice.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server of a test's own (JetStream on, file storage in a temporary directory, 8 MiB max_payload like
 * the machine's), so that a test can kill and restart it without touching the shared server on port 4222.
 */
final class PrivateNats implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private final Path dir;
    private final int port;
    private Process process;

    private PrivateNats(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static PrivateNats start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sluice-nats-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("nats.conf"), "listen: 127.0.0.1:" + port + "\nmax_payload: 8388608\n"
                + "jetstream {\n  store_dir: \"" + dir.resolve("store") + "\"\n  max_file_store: 8GB\n}\n");
        PrivateNats n = new PrivateNats(dir, port);
        n.launch();
        return n;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** SIGKILL, then the same server again on the same port and storage (streams and consumers survive). */
    void killAndRestart(long downMillis) throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(downMillis);
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("nats.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
                .start();
        long deadline = System.currentTimeMillis() + 15_000;
        while (!TestServices.listening(port)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("private nats-server did not start; log: "
                        + Files.readString(dir.resolve("nats.log")));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
