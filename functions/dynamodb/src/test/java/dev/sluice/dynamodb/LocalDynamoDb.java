package dev.sluice.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, in this JVM, in memory, on a free port (its Jetty listens on all interfaces; the endpoint
 * given out is 127.0.0.1). Started on first use and shared by every test of the JVM (a start takes about
 * 1.5-2 s); stopped by a shutdown hook or {@link #stop()}.
 *
 * <p>Runs with {@code -sharedDb}, so every client sees the same tables whatever its region or credentials,
 * and {@code -disableTelemetry}, so it neither phones home nor drops {@code dynamodb-local-metadata.json}
 * into the working directory. Note that it enforces TTL within about a second: items whose
 * {@code expiresAt} lies in the real past disappear, so tests pass {@code now} values near the wall clock.
 * Other modules use it through this module's test-jar, and must list {@code com.amazonaws:DynamoDBLocal}
 * (test scope) themselves, since a test-jar's test dependencies are not transitive:
 *
 * <pre>
 * DynamoDbClient client = LocalDynamoDb.client();
 * String table = LocalDynamoDb.uniqueTableName("dedup");
 * DynamoDbTables.ensureDedupTable(client, table);
 * </pre>
 */
public final class LocalDynamoDb {

    /** Region the helper's clients use (any works with {@code -sharedDb}). */
    public static final String REGION = "us-east-1";

    private static final int START_ATTEMPTS = 3;

    private static DynamoDBProxyServer server;
    private static URI endpoint;
    private static Duration startupTime;
    private static boolean hookInstalled;

    private LocalDynamoDb() {
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:41234}; starts the server on first call. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            start();
        }
        return endpoint;
    }

    /** A new client for the local server; the caller closes it. */
    public static DynamoDbClient client() {
        return DynamoDbClients.forEndpoint(endpoint(), REGION);
    }

    /** A config pointing at the local server and {@code table}. */
    public static DynamoDbConfig config(String table) {
        return new DynamoDbConfig(endpoint(), REGION, table);
    }

    /** A table name no other test uses: {@code prefix} plus a random suffix. */
    public static String uniqueTableName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** How long the last start took, or {@code null} before the first. */
    public static synchronized Duration startupTime() {
        return startupTime;
    }

    /** Stops the server; the next {@link #endpoint()} starts a fresh, empty one. */
    public static synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("DynamoDB Local did not stop cleanly: " + e);
        } finally {
            server = null;
            endpoint = null;
        }
    }

    private static void start() {
        long t0 = System.nanoTime();
        Exception last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                DynamoDBProxyServer s = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                s.start();
                server = s;
                endpoint = URI.create("http://127.0.0.1:" + port);
                break;
            } catch (Exception e) {
                last = e; // most likely the port was taken between freePort() and start(): try another
            }
        }
        if (server == null) {
            throw new IllegalStateException("DynamoDB Local did not start after " + START_ATTEMPTS
                    + " attempts: " + last, last);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("DynamoDB Local started at " + endpoint + " in " + startupTime.toMillis() + " ms");
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(LocalDynamoDb::stop, "dynamodb-local-stop"));
            hookInstalled = true;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free localhost port for DynamoDB Local", e);
        }
    }
}
