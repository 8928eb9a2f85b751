package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;
import org.mariadb.jdbc.Statement;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * MySQL/MariaDB bulk load with {@code LOAD DATA LOCAL INFILE} fed from memory: the server parses tab-separated
 * text instead of INSERT statements. With LOCAL the server turns what would be errors (a value out of range,
 * a duplicate key) into warnings and goes on, so this writer trusts a load only when it added exactly the
 * batch's rows with no warning at all. Anything else is rolled back to a savepoint and the batch goes through
 * {@link MySqlInsertWriter}, whose strict-mode INSERTs refuse or accept each value loudly. Batches that need
 * per-value conversions or checks (BIT text, geometry, guarded columns), and upserts, go there directly; so
 * does every batch once a server said it does not allow LOCAL INFILE.
 */
final class MySqlLoadDataWriter implements RowWriter {
    /** Servers (host:port) that refused LOCAL INFILE: not asked again in this process. */
    private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();
    /** ER_NOT_ALLOWED_COMMAND (MySQL) / "The used command is not allowed" (MariaDB), ER_LOAD_INFILE_CAPABILITY_DISABLED. */
    private static final Set<Integer> NOT_ALLOWED = Set.of(1148, 3948, 2068);

    private final MySqlInsertWriter inserts = new MySqlInsertWriter();

    @Override
    public Written write(Connection c, Batch b, Table t, List<TargetType> types, String schema, boolean upsert)
            throws SQLException {
        String server = c.getMetaData().getURL();
        if (upsert || REFUSED.contains(server) || !plain(t, types)) {
            return inserts.write(c, b, t, types, schema, upsert);
        }
        PostgresCopyWriter.Buf buf = new PostgresCopyWriter.Buf(b.length() * 2 + 64);
        long rows = encode(b, types, buf);
        Dialect d = MySqlDialect.INSTANCE;
        String sql = "LOAD DATA LOCAL INFILE 'sluice-batch' INTO TABLE " + d.qualified(schema, t.name())
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + d.columnList(RowWriter.writtenColumns(t, types)) + ")";
        Savepoint before = c.setSavepoint();
        try (java.sql.Statement proxy = c.createStatement()) {
            Statement st = proxy.unwrap(Statement.class);
            st.setLocalInfileInputStream(new ByteArrayInputStream(buf.bytes, 0, buf.len));
            long loaded;
            try {
                loaded = st.executeLargeUpdate(sql);
            } catch (SQLException e) {
                if (!NOT_ALLOWED.contains(e.getErrorCode())) {
                    throw e;
                }
                REFUSED.add(server);
                c.rollback(before);
                return inserts.write(c, b, t, types, schema, false);
            }
            SQLWarning w = st.getWarnings();
            if (loaded == rows && w == null) {
                c.releaseSavepoint(before);
                return new Written(rows, 0); // only batches without guarded columns come this way: nothing refused
            }
        }
        // something did not load as sent: undo it and let strict INSERTs say exactly what
        c.rollback(before);
        return inserts.write(c, b, t, types, schema, false);
    }

    /** True when every column is written as the batch holds it (no conversion, no value check). */
    private static boolean plain(Table t, List<TargetType> types) {
        for (int i = 0; i < types.size(); i++) {
            Conversion conv = types.get(i).conversion();
            if (conv == Conversion.BITS_TO_INTEGER || conv == Conversion.WKB_TO_GEOMETRY) {
                return false;
            }
            if (conv != Conversion.GENERATED && !types.get(i).guards().isEmpty()) { // guarded: checked value by value
                return false;
            }
        }
        return true;
    }

    /** Tab-separated lines as COPY text has them ({@code \N} for NULL, the same escapes); bytes as they are. */
    static long encode(Batch b, List<TargetType> types, PostgresCopyWriter.Buf out) {
        RowCursor cur = b.cursor();
        int n = cur.columns();
        boolean[] skip = new boolean[n];
        boolean[] year = new boolean[n];
        for (int i = 0; i < n; i++) {
            skip[i] = types.get(i).conversion() == Conversion.GENERATED;
            year[i] = types.get(i).ddl().trim().toLowerCase(java.util.Locale.ROOT).startsWith("year");
        }
        byte[] data = cur.data();
        long rows = 0;
        while (cur.next()) {
            boolean first = true;
            for (int i = 0; i < n; i++) {
                if (skip[i]) {
                    continue;
                }
                if (!first) {
                    out.put((byte) '\t');
                }
                first = false;
                switch (cur.tag(i)) {
                    case Tag.NULL -> out.put(PostgresCopyWriter.NULL);
                    case Tag.LONG -> {
                        long v = cur.getLong(i);
                        if (year[i] && v >= 0 && v < 1000) {
                            // LOAD DATA reads text: the year 0 written as "0" would become 2000 (a string '0'), as "0000" it stays 0
                            out.ascii(String.format("%04d", v));
                        } else {
                            out.decimal(v);
                        }
                    }
                    case Tag.DOUBLE -> out.ascii(Double.toString(cur.getDouble(i)));
                    case Tag.TRUE -> out.put((byte) '1');
                    case Tag.FALSE -> out.put((byte) '0');
                    case Tag.DECIMAL -> out.put(data, cur.start(i), cur.length(i));
                    case Tag.TEXT, Tag.BYTES -> PostgresCopyWriter.escape(data, cur.start(i), cur.length(i), out);
                    default -> throw new IllegalStateException("unknown tag " + cur.tag(i));
                }
            }
            out.put((byte) '\n');
            rows++;
        }
        return rows;
    }
}
