import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The few JetStream operations launch.sh and test.sh need, with the jnats jar that ships inside the
 * Debezium Server distribution (so nothing else is downloaded). Server URL from SLUICE_NATS_URL.
 *
 * <pre>
 * ensure-stream STREAM SUBJECT MAX_BYTES   create the stream if missing, else check it captures SUBJECT
 * count STREAM [FILTER]                    number of messages (on subjects matching FILTER)
 * wait STREAM FILTER MIN TIMEOUT_S         wait until count >= MIN; prints the milliseconds it took
 * dump STREAM [FILTER]                     one line per message: subject, stored at (epoch ms), payload; tab-separated
 * delete-stream STREAM                     delete it (no error when missing)
 * list                                     the names of all streams, one a line
 * </pre>
 * Exit status: 0 done, 1 timed out or failed, 2 bad usage, 3 NATS unreachable or JetStream off.
 */
public final class JetStreamTool {
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int SUBJECTS_OVERLAP = 10065;
    private static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private JetStreamTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length < 2 && !"list".equals(args[0])) {
            usage();
        }
        String url = System.getenv().getOrDefault("SLUICE_NATS_URL", "nats://127.0.0.1:4222");
        Connection nc;
        try {
            nc = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5))
                    .maxReconnects(0).errorListener(new ErrorListener() { }).build());
        } catch (Exception e) {
            fail(3, "cannot reach NATS at " + redact(url) + ": " + e.getMessage()
                    + " (start the server or pass --nats-url)");
            return;
        }
        try (nc) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            try {
                jsm.getAccountStatistics();
            } catch (Exception e) {
                fail(3, "NATS at " + redact(url) + " has no JetStream (" + e.getMessage() + "): start nats-server with -js");
            }
            String stream = args.length > 1 ? args[1] : "";
            try {
                switch (args[0]) {
                    case "ensure-stream" -> ensure(jsm, stream, arg(args, 2), Long.parseLong(arg(args, 3)));
                    case "count" -> System.out.println(count(jsm, stream, args.length > 2 ? args[2] : null));
                    case "wait" -> await(jsm, stream, arg(args, 2), Long.parseLong(arg(args, 3)),
                            Long.parseLong(arg(args, 4)));
                    case "dump" -> dump(jsm, stream, args.length > 2 ? args[2] : ">");
                    case "delete-stream" -> delete(jsm, stream);
                    case "list" -> jsm.getStreamNames().forEach(System.out::println);
                    default -> usage();
                }
            } catch (JetStreamApiException e) {
                fail(1, args[0] + " " + stream + ": " + e.getMessage());
            }
        }
    }

    private static void ensure(JetStreamManagement jsm, String stream, String subject, long maxBytes)
            throws Exception {
        try {
            StreamConfiguration existing = jsm.getStreamInfo(stream).getConfiguration();
            if (!existing.getSubjects().contains(subject)) {
                fail(1, "JetStream stream " + stream + " exists but does not capture '" + subject + "' (its subjects: "
                        + existing.getSubjects() + "): delete it or use another stream id");
            }
            System.out.println("exists " + stream + " " + existing.getSubjects());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        StreamConfiguration config = StreamConfiguration.builder()
                .name(stream)
                .description("Sluice change events, published by Debezium Server (debezium-server/launch.sh)")
                .subjects(subject)
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .discardPolicy(DiscardPolicy.New)
                .maxBytes(maxBytes)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build();
        try {
            jsm.addStream(config);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == SUBJECTS_OVERLAP) {
                fail(1, "cannot create JetStream stream " + stream + ": another stream already captures subjects"
                        + " overlapping '" + subject + "' (" + e.getMessage() + ")");
            }
            throw e;
        }
        System.out.println("created " + stream + " [" + subject + "] file storage, work queue, max "
                + maxBytes + " bytes, discard new");
    }

    private static long count(JetStreamManagement jsm, String stream, String filter) throws Exception {
        if (filter == null) {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        }
        StreamInfo info = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(filter));
        List<Subject> subjects = info.getStreamState().getSubjects();
        return subjects == null ? 0 : subjects.stream().mapToLong(Subject::getCount).sum();
    }

    private static void await(JetStreamManagement jsm, String stream, String filter, long min, long timeoutSeconds)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            try {
                n = count(jsm, stream, filter);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
            }
            if (n >= min) {
                System.out.println((System.nanoTime() - start) / 1_000_000);
                return;
            }
            Thread.sleep(100);
        }
        fail(1, "timed out after " + timeoutSeconds + " s: " + n + " of " + min + " messages on '" + filter
                + "' in " + stream);
    }

    private static void dump(JetStreamManagement jsm, String stream, String filter) throws Exception {
        long seq = jsm.getStreamInfo(stream).getStreamState().getFirstSequence();
        while (true) {
            MessageInfo m;
            try {
                m = jsm.getNextMessage(stream, seq, filter);
            } catch (JetStreamApiException e) {
                return; // no message at or after seq
            }
            if (m == null) {
                return;
            }
            System.out.println(m.getSubject() + "\t" + m.getTime().toInstant().toEpochMilli() + "\t"
                    + new String(m.getData(), StandardCharsets.UTF_8));
            seq = m.getSeq() + 1;
        }
    }

    private static void delete(JetStreamManagement jsm, String stream) throws Exception {
        try {
            jsm.deleteStream(stream);
            System.out.println("deleted " + stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
    }

    private static String arg(String[] args, int i) {
        if (args.length <= i) {
            usage();
        }
        return args[i];
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    private static void usage() {
        fail(2, "usage: JetStreamTool ensure-stream STREAM SUBJECT MAX_BYTES | count STREAM [FILTER]"
                + " | wait STREAM FILTER MIN TIMEOUT_S | dump STREAM [FILTER] | delete-stream STREAM | list");
    }

    private static void fail(int status, String message) {
        System.err.println("JetStreamTool: " + message);
        System.exit(status);
    }
}
