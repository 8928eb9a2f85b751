package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.jdbc.ChangeWriter;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a CDC stream keeps in its target besides the rows: the position table {@code _sluice_cdc_position}
 * (per table the applied batch sequence and source position, the fence of ordered apply) and, in the same
 * table, a row saying the bulk copy of {@code replicate --mode convert_cdc} finished. The target is where
 * this lives because it is the one place that survives any crash of Sluice and commits with the data.
 */
final class CdcTargetState {
    /** The position table's row that marks a finished bulk copy (no table id can hold '*'). */
    static final String COPY_DONE = "*bulk copy*";

    private CdcTargetState() {
    }

    /** When the bulk copy of stream {@code id} finished, or null if it did not. */
    static String copyFinished(ConnectionUrl target, String id) {
        try (Connection c = Jdbc.connect(target)) {
            Object[] p = ChangeWriter.position(c, target.engine(), target.schema(), id, COPY_DONE);
            return (Long) p[0] == 0 ? null : (String) p[1]; // markCopyFinished records sequence 1
        } catch (SQLException e) {
            throw DatabaseException.during("reading the CDC state of stream " + id + " in " + target, target.engine(), e);
        }
    }

    /** Records, durably in the target, that the bulk copy of stream {@code id} finished. */
    static void markCopyFinished(ConnectionUrl target, String id, Instant now) {
        try (Connection c = Jdbc.connect(target)) {
            try (Statement st = c.createStatement()) {
                st.execute(ChangeWriter.createPositionTable(target.engine(), target.schema()));
            }
            c.setAutoCommit(false);
            ChangeWriter.lockSequence(c, target.engine(), target.schema(), id, COPY_DONE);
            ChangeWriter.setSequence(c, target.engine(), target.schema(), id, COPY_DONE, 1, "finished " + now);
            c.commit();
        } catch (SQLException e) {
            throw DatabaseException.during("recording that the bulk copy of stream " + id + " finished in " + target,
                    target.engine(), e);
        }
    }

    /**
     * Removes stream {@code id}'s rows from the position table and the fence table (each table goes once no
     * stream has rows in it); returns one line per thing removed.
     */
    static List<String> remove(ConnectionUrl target, String id) {
        List<String> done = new ArrayList<>();
        Dialect d = Dialect.of(target.engine());
        try (Connection c = Jdbc.connect(target)) {
            removeRows(c, d, target, ChangeWriter.POSITION_TABLE, "stream_id = ?", List.of(id), done);
            removeRows(c, d, target, Dialect.FENCE_TABLE, "stream_id IN (?, ?)", List.of(id, id + "-prep"), done);
        } catch (SQLException e) {
            throw DatabaseException.during("removing the CDC state of stream " + id + " from " + target,
                    target.engine(), e);
        }
        return done;
    }

    private static void removeRows(Connection c, Dialect d, ConnectionUrl target, String table, String where,
                                   List<String> args, List<String> done) throws SQLException {
        if (!d.tableExists(c, target.schema(), table)) {
            return;
        }
        String q = d.qualified(target.schema(), table);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + q + " WHERE " + where)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            int n = ps.executeUpdate();
            if (n > 0) {
                done.add("removed " + n + " row(s) of the stream from " + table + " in " + target);
            }
        }
        if (d.dropIfEmpty(c, target.schema(), table)) {
            done.add("dropped the empty table " + table + " in " + target);
        }
    }
}
