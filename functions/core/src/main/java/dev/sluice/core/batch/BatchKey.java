package dev.sluice.core.batch;

import java.util.Objects;

/**
 * The identity of a batch, by content: two deliveries of the same rows have the same key, so a writer
 * can tell a redelivery or a concurrent duplicate from new work.
 *
 * @param tableId  the table
 * @param action   INSERT/UPDATE/DELETE
 * @param firstId  key (or ordinal, for tables without a primary key) of the first row
 * @param lastId   key or ordinal of the last row
 * @param rowCount rows in the batch
 * @param dataHash 128-bit hash of the encoded rows, hex
 */
public record BatchKey(String tableId, Action action, String firstId, String lastId, int rowCount, String dataHash) {
    public BatchKey {
        Objects.requireNonNull(tableId);
        Objects.requireNonNull(action);
        Objects.requireNonNull(firstId);
        Objects.requireNonNull(lastId);
        Objects.requireNonNull(dataHash);
    }

    /**
     * One string for stores and message ids. Fields of variable content are length-prefixed so two
     * different keys can never print the same.
     */
    public String asString() {
        return tableId.length() + ":" + tableId + "|" + action.name() + "|" + firstId.length() + ":" + firstId
                + "|" + lastId.length() + ":" + lastId + "|" + rowCount + "|" + dataHash;
    }

    /** A short, fixed-length digest of {@link #asString()}, fit for a database key column or a message id. */
    public String digest() {
        return Murmur3.hash128Hex(asString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
