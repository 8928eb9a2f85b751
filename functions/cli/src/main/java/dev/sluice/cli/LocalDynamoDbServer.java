package dev.sluice.cli;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * DynamoDB Local (the real one, from Maven Central) in this process, in memory, on a free loopback port: the
 * dedup store of a one-machine run. Writers reach it over HTTP exactly as they reach DynamoDB in AWS.
 */
final class LocalDynamoDbServer implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private LocalDynamoDbServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static LocalDynamoDbServer start() {
        Exception last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            java.io.PrintStream stdout = System.out;
            try {
                // DynamoDB Local prints a configuration banner on stdout: keep it off the user's report
                System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                DynamoDBProxyServer s = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                s.start();
                return new LocalDynamoDbServer(s, URI.create("http://127.0.0.1:" + port));
            } catch (Exception e) {
                last = e;
            } finally {
                System.setOut(stdout);
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start: " + last, last);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for DynamoDB Local", e);
        }
    }
}
