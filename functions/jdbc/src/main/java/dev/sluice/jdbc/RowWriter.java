package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.TargetType;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a batch's rows into a target table on a connection whose transaction the caller owns (the fence
 * row and the rows commit together). COPY for PostgreSQL, LOAD DATA LOCAL (falling back to strict multi-row
 * INSERT) for MySQL; upsert on request.
 */
public interface RowWriter {

    /**
     * What a write did: {@code rows} written, and {@code refused} rows left out because a value policy refused
     * one of their values (each recorded in {@link RefusalLog} in the same transaction). Together they are the
     * batch's row count.
     */
    record Written(long rows, long refused) {
    }

    /** Writes every row of {@code b} except those holding a refused value. */
    Written write(Connection c, Batch b, Table source, List<TargetType> types, String targetSchema, boolean upsert)
            throws SQLException;

    /** Names of the columns a writer fills, in source order: all but those the target generates itself. */
    static List<String> writtenColumns(Table t, List<TargetType> types) {
        List<String> out = new java.util.ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).conversion() != dev.sluice.core.types.Conversion.GENERATED) {
                out.add(t.columns().get(i).name());
            }
        }
        return out;
    }

    static RowWriter of(Engine target) {
        return target == Engine.POSTGRESQL ? new PostgresCopyWriter() : new MySqlLoadDataWriter();
    }
}
