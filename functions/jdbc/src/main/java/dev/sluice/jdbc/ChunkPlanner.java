package dev.sluice.jdbc;

import dev.sluice.core.model.Column;
import dev.sluice.core.model.SqlKind;
import dev.sluice.core.model.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table into primary-key ranges that can be read in parallel: by value range of the key's first
 * column (from its MIN and MAX) when that column is an integer, whether the key has one column or several
 * (a composite key such as {@code (emp_no, from_date)} splits on {@code emp_no}). Other tables are one chunk,
 * read by keyset pages.
 */
public final class ChunkPlanner {
    /** Below this many rows a table is not worth splitting. */
    static final long MIN_ROWS_PER_CHUNK = 50_000;

    private ChunkPlanner() {
    }

    public static List<Chunk> plan(Connection c, Dialect d, Table t, int ordinal, int maxChunks) throws SQLException {
        List<Chunk> out = new ArrayList<>();
        if (t.customQuery() != null || t.primaryKey().isEmpty() || maxChunks <= 1) {
            out.add(Chunk.whole(t, ordinal));
            return out;
        }
        Column key = t.column(t.primaryKey().get(0)).orElseThrow();
        if (!key.kind().isInteger() || key.kind() == SqlKind.UINT64) {
            out.add(Chunk.whole(t, ordinal));
            return out;
        }
        long parts = Math.min(maxChunks, Math.max(1, t.estimatedRows() / MIN_ROWS_PER_CHUNK));
        if (parts <= 1) {
            out.add(Chunk.whole(t, ordinal));
            return out;
        }
        String k = d.quote(key.name());
        long min;
        long max;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(" + k + "), MAX(" + k + ") FROM "
                     + d.qualified(t.schema(), t.name()))) {
            rs.next();
            min = rs.getLong(1);
            if (rs.wasNull()) {
                out.add(Chunk.whole(t, ordinal));
                return out;
            }
            max = rs.getLong(2);
        }
        long span = max - min + 1;
        long step = Math.max(1, span / parts + (span % parts == 0 ? 0 : 1));
        for (long lo = min; lo <= max; lo += step) {
            long hi = lo + step;
            boolean last = hi > max || hi < lo;
            out.add(new Chunk(t, ordinal, lo, last ? max : hi, last));
            if (last) {
                break;
            }
        }
        return out;
    }
}
