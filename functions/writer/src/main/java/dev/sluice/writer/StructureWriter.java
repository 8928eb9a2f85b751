package dev.sluice.writer;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.ExistingTables;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.CastRules;
import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;
import dev.sluice.jdbc.ChangeLog;
import dev.sluice.jdbc.RefusalLog;
import dev.sluice.jdbc.DatabaseException;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.SchemaExtras;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Target structure, in three idempotent steps: PREPARE (types, tables, fence table) before the data,
 * FINISH_TABLE (secondary indexes, identity reset) after a table's data, FINISH_STREAM (foreign keys, fence
 * table removed) after all data. Each step leaves a marker row in the fence table, so a redelivered step is
 * recognised and skipped.
 */
final class StructureWriter {
    /** MySQL errors meaning "already there", met when a half-done step is redelivered. */
    private static final int ER_DUP_KEYNAME = 1061;
    private static final int ER_FK_DUP_NAME = 1826;
    private static final int ER_DUP_KEY = 1022;
    private static final int ER_CANT_CREATE_TABLE = 1005;
    /** PostgreSQL: duplicate_table / duplicate_object. */
    private static final String PG_DUPLICATE_TABLE = "42P07";
    private static final String PG_DUPLICATE_OBJECT = "42710";

    WriterResult prepare(WriterRequest r, ConnectionUrl target, DataSource ds) {
        Structure s = r.structure();
        Dialect d = Dialect.of(target.engine());
        String schema = target.schema();
        CastRules rules = CastRules.forStructure(s, target.engine());
        List<String> notes = new ArrayList<>();
        List<String> created = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            if (d.tableExists(c, schema, Dialect.FENCE_TABLE) && marked(c, d, schema, r.streamId(), "prepare")) {
                return WriterResult.duplicate();
            }
            List<String> existing = new ArrayList<>();
            for (Table t : s.tables()) {
                if (d.tableExists(c, schema, t.name())) {
                    existing.add(t.name());
                }
            }
            ExistingTables policy = r.options().existingTables();
            if (r.options().createStructure()) {
                if (!existing.isEmpty() && policy == ExistingTables.FAIL) {
                    return WriterResult.fatal("target " + target + " already has table(s) " + String.join(", ", existing)
                            + ": drop them, choose another target, or set existingTables to drop or truncate"
                            + " (nothing was written)");
                }
            } else {
                List<String> missing = s.tables().stream().map(Table::name).filter(n -> !existing.contains(n)).toList();
                if (!missing.isEmpty()) {
                    return WriterResult.fatal("createStructure is off but target " + target + " lacks table(s) "
                            + String.join(", ", missing) + " (nothing was written)");
                }
                if (policy == ExistingTables.DROP) {
                    return WriterResult.fatal("existingTables drop would recreate the tables, but createStructure is off:"
                            + " use truncate, or turn createStructure on (nothing was written)");
                }
            }
            exec(c, d.createFenceTable(schema));
            if (s.tables().stream().anyMatch(t -> !t.policies().isDefault())) {
                exec(c, ChangeLog.createTable(d, schema)); // counts of values a policy changed, per batch
            }
            if (anyGuarded(s, rules)) {
                exec(c, RefusalLog.createTable(d, schema)); // values a policy refused: their rows are left out
            }
            RefusalLog.forget(c, d, schema, r.streamId()); // a rerun under a fixed id starts with a clean record
            boolean pg = target.engine() == Engine.POSTGRESQL;
            c.setAutoCommit(!pg);
            try {
                if (r.options().createStructure()) {
                    for (String sql : d.createTypes(s, schema)) {
                        exec(c, sql);
                    }
                }
                for (Table t : s.tables()) {
                    boolean exists = existing.contains(t.name());
                    if (exists && policy == ExistingTables.TRUNCATE) {
                        exec(c, d.truncateTable(schema, t.name()));
                        continue;
                    }
                    if (exists && policy == ExistingTables.DROP) {
                        exec(c, d.dropTable(schema, t.name()));
                    } else if (exists) {
                        continue;
                    }
                    for (String sql : d.createTable(s, t, schema, rules, notes::add)) {
                        exec(c, sql);
                    }
                    created.add(t.name());
                }
                mark(c, d, schema, r.streamId(), "prepare");
                if (pg) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (pg) {
                    WriterFunction.rollbackQuietly(c);
                } else {
                    dropQuietly(c, d, schema, created);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw DatabaseException.during("creating tables in " + target, target.engine(), e);
        }
        return WriterResult.done(notes);
    }

    WriterResult finishTable(WriterRequest r, ConnectionUrl target, DataSource ds) {
        Structure s = r.structure();
        Table t = s.table(r.tableId());
        Dialect d = Dialect.of(target.engine());
        String schema = target.schema();
        List<String> notes = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            if (marked(c, d, schema, r.streamId(), "table:" + t.name())) {
                return WriterResult.duplicate();
            }
            if (r.options().createStructure()) {
                for (String sql : d.createIndexes(s, t, schema, CastRules.forStructure(s, target.engine()),
                        notes::add)) {
                    execIdempotent(c, sql);
                }
            }
            if (r.options().createStructure()) {
                bestEffort(c, SchemaExtras.afterTable(s, t, target.engine(), schema), notes);
            }
            d.resetIdentity(c, t, schema);
            notes.addAll(ChangeLog.summary(c, d, schema, r.streamId(), t.name()));
            mark(c, d, schema, r.streamId(), "table:" + t.name());
        } catch (SQLException e) {
            throw DatabaseException.during("finishing table " + t.name() + " in " + target, target.engine(), e);
        }
        return WriterResult.done(notes);
    }

    WriterResult finishStream(WriterRequest r, ConnectionUrl target, DataSource ds) {
        Structure s = r.structure();
        Dialect d = Dialect.of(target.engine());
        String schema = target.schema();
        List<String> notes = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            if (r.options().createStructure()) {
                for (Table t : s.tables()) {
                    for (var fk : t.foreignKeys()) {
                        boolean refCopied = s.tables().stream().anyMatch(x -> x.name().equals(fk.refTable()));
                        if (!refCopied) {
                            notes.add(t.name() + ": foreign key " + fk.name() + " references " + fk.refTable()
                                    + ", which is not part of this stream; it was not created");
                        }
                    }
                    Table onlyCopied = withCopiedRefs(t, s);
                    for (String sql : d.addForeignKeys(onlyCopied, schema)) {
                        execIdempotent(c, sql);
                    }
                }
            }
            if (r.options().createStructure() && !s.views().isEmpty()) {
                String sourceSchema = s.tables().isEmpty() ? null : s.tables().get(0).schema();
                bestEffort(c, SchemaExtras.views(s, target.engine(), schema, sourceSchema), notes);
            }
            ChangeLog.drop(c, d, schema, r.streamId());
            RefusalLog.dropIfEmpty(c, d, schema); // kept while it lists values the target does not hold
            dropFence(c, d, schema, r.streamId());
        } catch (SQLException e) {
            throw DatabaseException.during("adding foreign keys in " + target, target.engine(), e);
        }
        return WriterResult.done(notes);
    }

    /** Removes this stream's fence rows; the fence table goes once no other stream has rows in it. */
    private static void dropFence(Connection c, Dialect d, String schema, String stream) throws SQLException {
        String fence = d.qualified(schema, Dialect.FENCE_TABLE);
        if (!d.tableExists(c, schema, Dialect.FENCE_TABLE)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + fence + " WHERE stream_id = ?")) {
            ps.setString(1, stream);
            ps.executeUpdate();
        }
        d.dropIfEmpty(c, schema, Dialect.FENCE_TABLE);
    }

    private static Table withCopiedRefs(Table t, Structure s) {
        return t.withForeignKeys(t.foreignKeys().stream()
                .filter(fk -> s.tables().stream().anyMatch(x -> x.name().equals(fk.refTable()))).toList());
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + " [in: " + abbreviate(sql) + "]", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** Runs DDL that a redelivered step may find already done. */
    private static void execIdempotent(Connection c, String sql) throws SQLException {
        try {
            exec(c, sql);
        } catch (SQLException e) {
            int code = e.getErrorCode();
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean already = code == ER_DUP_KEYNAME || code == ER_FK_DUP_NAME || code == ER_DUP_KEY
                    || (code == ER_CANT_CREATE_TABLE && String.valueOf(e.getMessage()).contains("errno: 121"))
                    || state.equals(PG_DUPLICATE_TABLE) || state.equals(PG_DUPLICATE_OBJECT);
            if (!already) {
                throw e;
            }
        }
    }

    /** True when some column's target type cannot hold every source value (its values are checked). */
    static boolean anyGuarded(Structure s, CastRules rules) {
        return s.tables().stream().flatMap(t -> t.columns().stream()).anyMatch(c -> !rules.map(c).guards().isEmpty());
    }

    /**
     * Runs statements whose failure is reported, not fatal (CHECK constraints, triggers, views), repeating
     * the failed ones while any succeeds, so objects that depend on one another are created in a working order.
     */

    private static void bestEffort(Connection c, List<SchemaExtras.Ddl> ddl, List<String> notes) {
        List<SchemaExtras.Ddl> pending = new ArrayList<>(ddl);
        java.util.Map<SchemaExtras.Ddl, String> errors = new java.util.LinkedHashMap<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                SchemaExtras.Ddl x = it.next();
                try {
                    execIdempotent(c, x.sql());
                    it.remove();
                    errors.remove(x);
                    progress = true;
                    if (x.created() != null) {
                        notes.add(x.created());
                    }
                } catch (SQLException e) {
                    errors.put(x, DatabaseException.firstLine(e.getMessage()));
                }
            }
        }
        errors.forEach((x, e) -> notes.add(x.what() + " was not created: the target refused it (" + abbreviate(e)
                + ")"));
    }

    private static boolean marked(Connection c, Dialect d, String schema, String stream, String step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + d.qualified(schema, Dialect.FENCE_TABLE)
                + " WHERE stream_id = ? AND batch_key = ?")) {
            ps.setString(1, stream);
            ps.setString(2, stepKey(step));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void mark(Connection c, Dialect d, String schema, String stream, String step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.insertFence(schema))) {
            ps.setString(1, stream);
            ps.setString(2, stepKey(step));
            ps.executeUpdate();
        }
    }

    /** Step markers share the fence's 32-character key column with batch digests. */
    private static String stepKey(String step) {
        return dev.sluice.core.batch.Murmur3.hash128Hex(("step:" + step).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void dropQuietly(Connection c, Dialect d, String schema, List<String> tables) {
        for (String t : tables) {
            try {
                exec(c, d.dropTable(schema, t));
            } catch (SQLException ignored) {
                // best effort: the error that caused the rollback is the one reported
            }
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() > 300 ? sql.substring(0, 300) + "..." : sql;
    }
}
