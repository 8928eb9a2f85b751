package dev.sluice.core.batch;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire form of a batch: {@code "SLB1"}, header fields, then the encoded rows. Decoding checks the
 * magic, the lengths and the data hash, so a malformed or corrupted message is rejected by name
 * instead of being written.
 */
public final class BatchCodec {
    private static final int MAGIC = 0x534C4231; // "SLB1"

    private BatchCodec() {
    }

    public static byte[] encode(Batch b) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(b.length() + 256);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeInt(MAGIC);
            str(out, b.streamId());
            BatchKey k = b.key();
            str(out, k.tableId());
            out.writeByte(k.action().code());
            str(out, k.firstId());
            str(out, k.lastId());
            out.writeInt(k.rowCount());
            str(out, k.dataHash());
            out.writeLong(b.sequence());
            out.writeInt(b.columns());
            out.writeInt(b.length());
            out.write(b.data(), b.offset(), b.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** Decodes and verifies a batch; {@link MalformedBatchException} says what is wrong. */
    public static Batch decode(byte[] msg) {
        try {
            ByteBuffer in = ByteBuffer.wrap(msg);
            if (msg.length < 4 || in.getInt() != MAGIC) {
                throw new MalformedBatchException("not a Sluice batch (bad magic)");
            }
            String stream = str(in);
            String table = str(in);
            int action = in.get();
            if (action < 0 || action >= Action.values().length) {
                throw new MalformedBatchException("unknown action code " + action);
            }
            String first = str(in);
            String last = str(in);
            int rowCount = in.getInt();
            String hash = str(in);
            long seq = in.getLong();
            int columns = in.getInt();
            int len = in.getInt();
            if (len != in.remaining()) {
                throw new MalformedBatchException("row data is " + in.remaining() + " bytes, header says " + len);
            }
            int off = in.position();
            String actual = Murmur3.hash128Hex(msg, off, len);
            if (!actual.equals(hash)) {
                throw new MalformedBatchException("data hash mismatch for table " + table + ": corrupted batch");
            }
            return new Batch(stream, new BatchKey(table, Action.of(action), first, last, rowCount, hash), seq,
                    columns, msg, off, len);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof MalformedBatchException m) {
                throw m;
            }
            throw new MalformedBatchException("truncated batch header");
        }
    }

    /**
     * The sequence number in a batch's header without decoding the rows (0 for unordered convert batches,
     * or when the message is not a readable batch: {@link #decode} then says what is wrong with it).
     */
    public static long sequenceOf(byte[] msg) {
        try {
            ByteBuffer in = ByteBuffer.wrap(msg);
            if (msg.length < 4 || in.getInt() != MAGIC) {
                return 0;
            }
            for (int i = 0; i < 2; i++) {
                skip(in);
            }
            in.get();
            skip(in);
            skip(in);
            in.getInt();
            skip(in);
            return in.getLong();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void skip(ByteBuffer in) {
        int n = in.getInt();
        in.position(in.position() + n);
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new MalformedBatchException("bad string length " + n + " in batch header");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A message that is not a valid batch: poison, never retried. */
    public static final class MalformedBatchException extends IllegalArgumentException {
        public MalformedBatchException(String message) {
            super(message);
        }
    }
}
