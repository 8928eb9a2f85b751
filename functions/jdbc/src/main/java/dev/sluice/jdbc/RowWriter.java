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
 * row and the rows commit together). COPY for PostgreSQL, multi-row INSERT for MySQL; upsert on request.
 */
public interface RowWriter {

    /** Writes all rows of {@code b}; returns the number of rows written. */
    long write(Connection c, Batch b, Table source, List<TargetType> types, String targetSchema, boolean upsert)
            throws SQLException;

    static RowWriter of(Engine target) {
        return target == Engine.POSTGRESQL ? new PostgresCopyWriter() : new MySqlInsertWriter();
    }
}
