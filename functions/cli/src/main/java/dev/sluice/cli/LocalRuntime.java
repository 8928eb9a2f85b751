package dev.sluice.cli;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.port.DedupStore;
import dev.sluice.core.port.SequenceStore;
import dev.sluice.core.port.EventHub;
import dev.sluice.core.port.Invoker;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.dynamodb.DynamoDbClients;
import dev.sluice.dynamodb.DynamoDbDedupStore;
import dev.sluice.dynamodb.DynamoDbSequenceStore;
import dev.sluice.dynamodb.DynamoDbTables;
import dev.sluice.jdbc.Jdbc;
import dev.sluice.jetstream.JetStreamEventHub;
import dev.sluice.writer.WriterFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a one-machine run needs around the functions: the JetStream hub (the machine's NATS server),
 * the dedup table (DynamoDB Local embedded in this process unless SLUICE_DYNAMODB_ENDPOINT names one) and an
 * in-process invoker that calls the writer function directly.
 */
public final class LocalRuntime implements AutoCloseable {
    public static final String DEFAULT_NATS = "nats://127.0.0.1:4222";

    private final LocalDynamoDbServer dynamoServer;
    private final DynamoDbClient dynamo;
    private final JetStreamEventHub hub;
    private final DedupStore dedup;
    private final SequenceStore sequences;
    /** The DynamoDB table of per-table CDC batch sequences. */
    static final String SEQUENCE_TABLE = "sluice_sequences";
    private final WriterFunction writer;
    private final URI dynamoEndpoint;

    public record Settings(String natsUrl, URI dynamoEndpoint, String dedupTable, Duration writerLease, int poolSize,
                           boolean hubInMemory) {
        public Settings(String natsUrl, URI dynamoEndpoint, String dedupTable, Duration writerLease, int poolSize) {
            this(natsUrl, dynamoEndpoint, dedupTable, writerLease, poolSize, false);
        }

        /** Writer connections per target: enough for the largest writerConcurrency (idle ones are not kept). */
        static final int POOL_SIZE = 40;

        public static Settings from(Map<String, String> env) {
            String endpoint = env.get("SLUICE_DYNAMODB_ENDPOINT");
            String lease = env.getOrDefault("SLUICE_WRITER_LEASE_SECONDS", "60");
            long leaseSeconds;
            try {
                leaseSeconds = Long.parseLong(lease);
            } catch (NumberFormatException e) {
                leaseSeconds = -1;
            }
            if (leaseSeconds <= 0) {
                throw new ConfigException("SLUICE_WRITER_LEASE_SECONDS must be a positive number of seconds, got '"
                        + lease + "'");
            }
            URI uri = null;
            if (endpoint != null && !endpoint.isBlank()) {
                try {
                    uri = URI.create(endpoint);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("SLUICE_DYNAMODB_ENDPOINT '" + endpoint + "' is not a URL");
                }
            }
            String storage = env.getOrDefault("SLUICE_HUB_STORAGE", "file").trim().toLowerCase(java.util.Locale.ROOT);
            if (!storage.equals("file") && !storage.equals("memory") && !storage.isEmpty()) {
                throw new ConfigException("SLUICE_HUB_STORAGE must be file or memory, got '" + storage + "'");
            }
            return new Settings(env.getOrDefault("SLUICE_NATS_URL", DEFAULT_NATS), uri,
                    env.getOrDefault("SLUICE_DEDUP_TABLE", "sluice_batches"), Duration.ofSeconds(leaseSeconds), POOL_SIZE,
                    storage.equals("memory"));
        }
    }

    public LocalRuntime(Settings s) {
        this.hub = JetStreamEventHub.connect(s.natsUrl(), s.hubInMemory());
        LocalDynamoDbServer server = null;
        try {
            URI endpoint = s.dynamoEndpoint();
            if (endpoint == null) {
                server = LocalDynamoDbServer.start();
            }
            this.dynamoServer = server;
            this.dynamoEndpoint = endpoint;
            this.dynamo = server != null ? server.client() : DynamoDbClients.forEndpoint(endpoint, "us-east-1");
            DynamoDbTables.ensureDedupTable(dynamo, s.dedupTable());
            DynamoDbTables.ensureDedupTable(dynamo, SEQUENCE_TABLE);
            this.dedup = new DynamoDbDedupStore(dynamo, s.dedupTable());
            this.sequences = new DynamoDbSequenceStore(dynamo, SEQUENCE_TABLE, Clock.systemUTC());
            this.writer = new WriterFunction(dedup, sequences, Clock.systemUTC(), s.writerLease(), s.poolSize());
        } catch (RuntimeException e) {
            hub.close();
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    public EventHub hub() {
        return hub;
    }

    public JetStreamEventHub jetStream() {
        return hub;
    }

    /** The DynamoDB endpoint from SLUICE_DYNAMODB_ENDPOINT, or null for DynamoDB Local embedded in this process. */
    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    /** The DynamoDB client the stores use (closed with this runtime). */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SequenceStore sequences() {
        return sequences;
    }

    public DedupStore dedup() {
        return dedup;
    }

    /** Calls the writer function in this process, as Lambda would call it in AWS. */
    public Invoker invoker() {
        return new Invoker() {
            @Override
            public WriterResult invoke(WriterRequest request) {
                return writer.apply(request);
            }
        };
    }

    @Override
    public void close() {
        hub.close();
        dynamo.close();
        if (dynamoServer != null) {
            dynamoServer.close();
        }
        Jdbc.closeAll();
    }
}
