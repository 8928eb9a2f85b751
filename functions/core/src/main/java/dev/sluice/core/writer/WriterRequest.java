package dev.sluice.core.writer;

import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.model.Structure;

import java.util.Objects;

/**
 * One call of the stateless writer function. Everything the writer needs travels with the request: the
 * target, the source structure (so target types are derived the same way on every call) and the batch.
 *
 * @param op        what to do
 * @param streamId  the Sluice stream
 * @param target    target connection URL including its secret (resolved from a secret store when deployed)
 * @param structure the source structure
 * @param tableId   the table for APPLY and FINISH_TABLE, else null
 * @param batches   for APPLY: one or more encoded batches of that table, applied together (one target
 *                  transaction when they all can be), else empty
 * @param options   writer options from the stream config
 */
public record WriterRequest(Op op, String streamId, String target, Structure structure, String tableId,
                            java.util.List<byte[]> batches, Options options) {
    public enum Op {
        /** Create tables (and types) before data: no indexes or foreign keys yet. */
        PREPARE,
        /** Apply batches of one table, each fenced against duplicates, together in one transaction when possible. */
        APPLY,
        /** After a table's data: secondary indexes, sequence/auto-increment reset. */
        FINISH_TABLE,
        /** After all tables: foreign keys, then the fence table is dropped. */
        FINISH_STREAM,
        /**
         * CDC: the applied batch sequence and source position of every table on the target (the truth after
         * a restart); the result's notes hold one {@code table<TAB>sequence<TAB>position} line per table.
         */
        POSITIONS
    }

    /** Writer options from the stream config. */
    public record Options(boolean upsert, ExistingTables existingTables, boolean createStructure) {
        public static final Options DEFAULT = new Options(false, ExistingTables.FAIL, true);
    }

    public WriterRequest {
        Objects.requireNonNull(op);
        Objects.requireNonNull(streamId);
        Objects.requireNonNull(target);
        Objects.requireNonNull(structure);
        options = options == null ? Options.DEFAULT : options;
        batches = batches == null ? java.util.List.of() : java.util.List.copyOf(batches);
    }

    @Override
    public String toString() {
        return "WriterRequest[" + op + " stream=" + streamId + " table=" + tableId + " batches=" + batches.size() + "]";
    }
}
