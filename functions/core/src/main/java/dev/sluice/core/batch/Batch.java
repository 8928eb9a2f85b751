package dev.sluice.core.batch;

import java.util.Objects;

/**
 * A bundle of rows of one table with one action, as it travels from reader to writer.
 *
 * @param streamId  the Sluice stream
 * @param key       content identity (dedup key)
 * @param sequence  per-table batch number for ordered (CDC) delivery; 0 for unordered convert batches
 * @param columns   columns per row (checked against the table definition by the writer)
 * @param data      encoded rows (see {@link RowEncoder}); only {@code [offset, offset+length)} belongs to this batch
 */
public record Batch(String streamId, BatchKey key, long sequence, int columns, byte[] data, int offset, int length) {
    public Batch {
        Objects.requireNonNull(streamId);
        Objects.requireNonNull(key);
        Objects.requireNonNull(data);
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("batch data range out of bounds");
        }
    }

    public String tableId() {
        return key.tableId();
    }

    public Action action() {
        return key.action();
    }

    public int rowCount() {
        return key.rowCount();
    }

    public RowCursor cursor() {
        return new RowCursor(data, offset, length, columns);
    }

    /** Builds a batch from an encoder's rows, computing the data hash. */
    public static Batch of(String streamId, String tableId, Action action, String firstId, String lastId,
                           long sequence, int columns, RowEncoder rows) {
        byte[] bytes = rows.toByteArray();
        String hash = Murmur3.hash128Hex(bytes);
        return new Batch(streamId, new BatchKey(tableId, action, firstId, lastId, rows.rowCount(), hash),
                sequence, columns, bytes, 0, bytes.length);
    }
}
