package dev.sluice.cli;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.config.StreamConfig;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Engine;
import dev.sluice.core.model.ForeignKey;
import dev.sluice.core.model.Index;
import dev.sluice.core.model.Structure;
import dev.sluice.core.model.Table;
import dev.sluice.core.stats.StreamStatus;
import dev.sluice.jdbc.Catalog;
import dev.sluice.jdbc.Dialect;
import dev.sluice.jdbc.Jdbc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public sample databases copied in every direction through the whole pipeline (reader, JetStream,
 * bridge, writer function, DynamoDB Local): every table verified by count and checksum, keys, indexes and
 * foreign keys present, and a new row with a default key insertable in each table that has one.
 */
class DatasetMigrationTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("sakila", TestServices.MY + "sakila", TestServices.PG, "sakila_to_pg"),
                Arguments.of("pagila", TestServices.PG + "pagila", TestServices.MY, "pagila_to_my"),
                Arguments.of("chinook-mysql", TestServices.MY + "Chinook", TestServices.PG, "chinook_to_pg"),
                Arguments.of("chinook-pg", TestServices.PG + "chinook", TestServices.MY, "chinook_to_my"),
                Arguments.of("pagila", TestServices.PG + "pagila", TestServices.PG, "pagila_to_pg"),
                Arguments.of("sakila", TestServices.MY + "sakila", TestServices.MY, "sakila_to_my"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("pairs")
    void copiesVerifiesAndKeepsKeys(String dataset, String from, String toBase, String toDb) throws Exception {
        TestServices.dataset(dataset);
        LocalRuntime rt = TestServices.runtime();
        ConnectionUrl source = ConnectionUrl.parse(from);
        ConnectionUrl target = TestServices.freshDatabase(toBase, toDb);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StreamRunner.Result r = new StreamRunner(rt, new PrintStream(log, true), false)
                .run(StreamConfig.of(source, target, List.of()));
        ReportPrinter.print(new PrintStream(log, true), r, "report");
        String report = log.toString();

        assertEquals(StreamStatus.FINISHED, r.status(), report);
        assertEquals(0, r.exitCode(), report);
        assertEquals(r.structure().tables().size(), r.verdicts().size(), report);
        for (Verification.TableVerdict v : r.verdicts()) {
            assertTrue(v.ok(), v.table() + ": " + v.problem() + "\n" + report);
        }
        try (Connection c = Jdbc.connect(target)) {
            Structure copied = Catalog.of(target.engine()).read(c, target, List.of());
            for (Table src : r.structure().tables()) {
                Table dst = copied.table(src.name());
                assertEquals(src.primaryKey(), dst.primaryKey(), "primary key of " + src.name());
                assertForeignKeys(src, dst);
                assertIndexes(src, dst, source.engine(), target.engine());
                assertDefaultKeyInsert(c, target, src);
            }
        }
    }

    private static void assertForeignKeys(Table src, Table dst) {
        List<String> want = src.foreignKeys().stream().map(DatasetMigrationTest::fkShape).sorted().toList();
        List<String> got = dst.foreignKeys().stream().map(DatasetMigrationTest::fkShape).sorted().toList();
        assertEquals(want, got, "foreign keys of " + src.name());
    }

    private static String fkShape(ForeignKey f) {
        return f.columns() + "->" + f.refTable() + f.refColumns();
    }

    /** Every plain (B-tree, column-only) source index exists on the target with the same columns and uniqueness. */
    private static void assertIndexes(Table src, Table dst, Engine from, Engine to) {
        for (Index i : src.indexes()) {
            String m = i.method() == null ? "BTREE" : i.method().toUpperCase();
            if (i.expression() || !(m.equals("BTREE") || m.equals("HASH"))) {
                continue;
            }
            boolean found = dst.indexes().stream().anyMatch(d -> d.columns().equals(i.columns()) && d.unique() == i.unique());
            assertTrue(found, src.name() + ": index " + i.name() + " " + i.columns() + " missing on target; target has "
                    + dst.indexes().stream().map(x -> x.name() + x.columns()).collect(Collectors.joining(", ")));
        }
    }

    /**
     * For a table with a generated key: in a rolled-back transaction, remove one row and insert a copy of it
     * with the key left to its default; the new key must be past every copied key.
     */
    private static void assertDefaultKeyInsert(Connection c, ConnectionUrl target, Table t) throws SQLException {
        Column auto = t.columns().stream().filter(Column::autoIncrement).findFirst().orElse(null);
        if (auto == null || t.primaryKey().size() != 1 || !t.primaryKey().get(0).equals(auto.name())) {
            return;
        }
        Dialect d = Dialect.of(target.engine());
        String tbl = d.qualified(target.schema(), t.name());
        String key = d.quote(auto.name());
        List<String> others = t.columns().stream().map(Column::name).filter(n -> !n.equals(auto.name())).toList();
        String cols = d.columnList(others);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (target.engine() == Engine.POSTGRESQL) {
                st.execute("SET session_replication_role = replica");
            }
            long max;
            long first;
            try (ResultSet rs = st.executeQuery("SELECT MAX(" + key + "), MIN(" + key + ") FROM " + tbl)) {
                rs.next();
                max = rs.getLong(1);
                first = rs.getLong(2);
            }
            if (max == 0 && first == 0) {
                return;
            }
            String tmp = d.quote("sluice_probe");
            st.execute("CREATE TEMPORARY TABLE " + tmp + " AS SELECT " + cols + " FROM " + tbl + " WHERE " + key + " = " + first);
            st.execute("DELETE FROM " + tbl + " WHERE " + key + " = " + first);
            st.execute("INSERT INTO " + tbl + " (" + cols + ") SELECT " + cols + " FROM " + tmp);
            try (ResultSet rs = st.executeQuery("SELECT MAX(" + key + ") FROM " + tbl)) {
                rs.next();
                assertTrue(rs.getLong(1) > max, t.name() + ": a default key must be past the copied maximum " + max);
            }
            st.execute((target.engine() == Engine.POSTGRESQL ? "DROP TABLE " : "DROP TEMPORARY TABLE ") + tmp);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }
}
