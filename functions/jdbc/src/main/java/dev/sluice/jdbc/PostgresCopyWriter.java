package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Column;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL bulk load with {@code COPY ... FROM STDIN} in text format, encoded straight from the batch's
 * bytes (text values are escaped byte by byte, never decoded to Java strings). Upsert copies into a
 * temporary table and merges with {@code INSERT ... ON CONFLICT DO UPDATE}.
 */
final class PostgresCopyWriter implements RowWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] UTC = {'+', '0', '0'};

    @Override
    public long write(Connection c, Batch b, Table t, List<TargetType> types, String schema, boolean upsert)
            throws SQLException {
        Dialect d = PostgresDialect.INSTANCE;
        String cols = d.columnList(t.columns().stream().map(Column::name).toList());
        String table = d.qualified(schema, t.name());
        Buf buf = new Buf(b.length() * 2 + 64);
        long rows = encode(b, types, buf);
        CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
        String into = table;
        if (upsert && t.hasPrimaryKey()) {
            into = d.quote("sluice_up_" + Math.abs(t.name().hashCode()));
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS " + into + " (LIKE " + table + ") ON COMMIT DELETE ROWS");
            }
        }
        try {
            cm.copyIn("COPY " + into + " (" + cols + ") FROM STDIN", new ByteArrayInputStream(buf.bytes, 0, buf.len));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), "08006", e);
        }
        if (!into.equals(table)) {
            StringBuilder set = new StringBuilder();
            for (Column col : t.columns()) {
                if (!t.primaryKey().contains(col.name())) {
                    set.append(set.length() > 0 ? ", " : "").append(d.quote(col.name())).append(" = EXCLUDED.")
                            .append(d.quote(col.name()));
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + table + " (" + cols + ") SELECT " + cols + " FROM " + into
                        + " ON CONFLICT (" + d.columnList(t.primaryKey()) + ") DO "
                        + (set.length() == 0 ? "NOTHING" : "UPDATE SET " + set));
            }
        }
        return rows;
    }

    static long encode(Batch b, List<TargetType> types, Buf out) {
        RowCursor cur = b.cursor();
        int n = cur.columns();
        boolean[] utc = new boolean[n];
        for (int i = 0; i < n; i++) {
            utc[i] = types.get(i).conversion() == Conversion.UTC_OFFSET;
        }
        byte[] data = cur.data();
        long rows = 0;
        while (cur.next()) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.put((byte) '\t');
                }
                switch (cur.tag(i)) {
                    case Tag.NULL -> out.put(NULL);
                    case Tag.LONG -> out.ascii(Long.toString(cur.getLong(i)));
                    case Tag.DOUBLE -> out.ascii(Double.toString(cur.getDouble(i)));
                    case Tag.TRUE -> out.put((byte) 't');
                    case Tag.FALSE -> out.put((byte) 'f');
                    case Tag.DECIMAL -> out.put(data, cur.start(i), cur.length(i));
                    case Tag.TEXT -> {
                        escape(data, cur.start(i), cur.length(i), out);
                        if (utc[i]) {
                            out.put(UTC);
                        }
                    }
                    case Tag.BYTES -> hex(data, cur.start(i), cur.length(i), out);
                    default -> throw new IllegalStateException("unknown tag " + cur.tag(i));
                }
            }
            out.put((byte) '\n');
            rows++;
        }
        return rows;
    }

    private static void escape(byte[] src, int off, int len, Buf out) {
        out.ensure(len * 2);
        byte[] dst = out.bytes;
        int p = out.len;
        for (int i = off, end = off + len; i < end; i++) {
            byte ch = src[i];
            switch (ch) {
                case '\\' -> { dst[p++] = '\\'; dst[p++] = '\\'; }
                case '\n' -> { dst[p++] = '\\'; dst[p++] = 'n'; }
                case '\r' -> { dst[p++] = '\\'; dst[p++] = 'r'; }
                case '\t' -> { dst[p++] = '\\'; dst[p++] = 't'; }
                default -> dst[p++] = ch;
            }
        }
        out.len = p;
    }

    private static void hex(byte[] src, int off, int len, Buf out) {
        out.ensure(3 + len * 2);
        byte[] dst = out.bytes;
        int p = out.len;
        dst[p++] = '\\';
        dst[p++] = '\\';
        dst[p++] = 'x';
        for (int i = off, end = off + len; i < end; i++) {
            dst[p++] = HEX[(src[i] >> 4) & 0xf];
            dst[p++] = HEX[src[i] & 0xf];
        }
        out.len = p;
    }

    /** A growable byte buffer. */
    static final class Buf {
        byte[] bytes;
        int len;

        Buf(int cap) {
            bytes = new byte[Math.max(256, cap)];
        }

        void ensure(int extra) {
            if (len + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + extra));
            }
        }

        void put(byte b) {
            ensure(1);
            bytes[len++] = b;
        }

        void put(byte[] b) {
            put(b, 0, b.length);
        }

        void put(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, bytes, len, n);
            len += n;
        }

        void ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[len++] = (byte) s.charAt(i);
            }
        }
    }
}
