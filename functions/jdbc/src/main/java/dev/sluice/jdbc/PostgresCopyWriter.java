package dev.sluice.jdbc;

import dev.sluice.core.batch.Batch;
import dev.sluice.core.batch.RowCursor;
import dev.sluice.core.batch.Tag;
import dev.sluice.core.model.Table;
import dev.sluice.core.types.Conversion;
import dev.sluice.core.types.TargetType;
import dev.sluice.core.types.ValueGuard;
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
    /** NULL in COPY text and in LOAD DATA's tab-separated text alike. */
    static final byte[] NULL = {'\\', 'N'};

    @Override
    public Written write(Connection c, Batch b, Table t, List<TargetType> types, String schema, boolean upsert)
            throws SQLException {
        Dialect d = PostgresDialect.INSTANCE;
        String cols = d.columnList(RowWriter.writtenColumns(t, types));
        String table = d.qualified(schema, t.name());
        Buf buf = new Buf(b.length() * 2 + 64);
        WriteGuards guards = new WriteGuards(t, types, b);
        long rows = encode(b, types, buf, guards);
        long left = guards.refusedRowCount();
        if (rows == 0) { // every row refused: nothing to copy, the refusals are still recorded
            guards.save(c, d, schema);
            return new Written(0, left);
        }
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
            for (String col : RowWriter.writtenColumns(t, types)) {
                if (!t.primaryKey().contains(col)) {
                    set.append(set.length() > 0 ? ", " : "").append(d.quote(col)).append(" = EXCLUDED.")
                            .append(d.quote(col));
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + table + " (" + cols + ") SELECT " + cols + " FROM " + into
                        + " ON CONFLICT (" + d.columnList(t.primaryKey()) + ") DO "
                        + (set.length() == 0 ? "NOTHING" : "UPDATE SET " + set));
            }
        }
        guards.save(c, d, schema);
        return new Written(rows, left);
    }

    /**
     * Encodes the rows as COPY text; returns how many. A row holding a value a policy refuses is dropped
     * from the buffer once encoded (the guards record it), so refusals cost nothing until they happen.
     */
    static long encode(Batch b, List<TargetType> types, Buf out, WriteGuards guards) {
        RowCursor cur = b.cursor();
        int n = cur.columns();
        boolean[] utc = new boolean[n];
        boolean[] skip = new boolean[n];
        boolean[] checked = new boolean[n];
        boolean[] bytea = new boolean[n];
        boolean[] ewkb = new boolean[n];
        for (int i = 0; i < n; i++) {
            ewkb[i] = types.get(i).conversion() == Conversion.WKB_TO_POSTGIS;
            bytea[i] = types.get(i).ddl().trim().equalsIgnoreCase("bytea");
            utc[i] = types.get(i).conversion() == Conversion.UTC_OFFSET;
            skip[i] = types.get(i).conversion() == Conversion.GENERATED;
            checked[i] = guards.guarded(i);
        }
        byte[] data = cur.data();
        boolean anyGuard = !guards.none();
        long rows = 0;
        int row = -1;
        while (cur.next()) {
            row++;
            int rowStart = out.len;
            boolean first = true;
            for (int i = 0; i < n; i++) {
                if (skip[i]) {
                    continue;
                }
                if (!first) {
                    out.put((byte) '\t');
                }
                first = false;
                byte tag = cur.tag(i);
                if (checked[i] && tag != Tag.NULL && guarded(cur, i, tag, row, utc[i], guards, out)) {
                    continue;
                }
                switch (tag) {
                    case Tag.NULL -> out.put(NULL);
                    case Tag.LONG -> out.decimal(cur.getLong(i));
                    case Tag.DOUBLE -> out.ascii(Double.toString(cur.getDouble(i)));
                    case Tag.TRUE -> out.put((byte) 't');
                    case Tag.FALSE -> out.put((byte) 'f');
                    case Tag.DECIMAL -> out.put(data, cur.start(i), cur.length(i));
                    case Tag.TEXT -> {
                        if (bytea[i]) {
                            hex(data, cur.start(i), cur.length(i), out); // text kept byte for byte (UTF-8)
                        } else if (utc[i]) {
                            utcText(cur.getString(i), out);
                        } else {
                            escape(data, cur.start(i), cur.length(i), out);
                        }
                    }
                    case Tag.BYTES -> {
                        if (ewkb[i]) {
                            hexDigits(data, cur.start(i), cur.length(i), out); // PostGIS reads hex EWKB
                        } else {
                            hex(data, cur.start(i), cur.length(i), out);
                        }
                    }
                    default -> throw new IllegalStateException("unknown tag " + cur.tag(i));
                }
            }
            out.put((byte) '\n');
            if (anyGuard && guards.endRow()) {
                out.len = rowStart; // a value of this row was refused: the row is left out
            } else {
                rows++;
            }
        }
        return rows;
    }

    /** Writes a checked value when its policy replaced it (true), or leaves it to the caller (false). */
    private static boolean guarded(RowCursor cur, int i, byte tag, long row, boolean utc, WriteGuards g, Buf out) {
        ValueGuard.Outcome o;
        if (tag == Tag.DOUBLE) {
            o = g.number(i, cur.getDouble(i), cur, row);
        } else if (tag == Tag.TEXT || tag == Tag.DECIMAL) {
            o = g.text(i, cur, row);
        } else {
            return false;
        }
        if (o == null) {
            return false;
        }
        if (o.replacement() == null) {
            out.put(NULL);
        } else if (utc) {
            utcText(o.replacement(), out);
        } else {
            byte[] r = o.replacement().getBytes(StandardCharsets.UTF_8);
            escape(r, 0, r.length, out);
        }
        return true;
    }

    /** UTC wall-clock text with an explicit {@code +00}, placed before a trailing {@code BC}. */
    private static void utcText(String v, Buf out) {
        byte[] r = ValueBinder.utc(v).getBytes(StandardCharsets.UTF_8);
        escape(r, 0, r.length, out);
    }

    /** Backslash, newline, carriage return and tab escaped: COPY text, and LOAD DATA with ESCAPED BY '\\'. */
    static void escape(byte[] src, int off, int len, Buf out) {
        int plain = off;
        int stop = off + len;
        while (plain < stop && src[plain] != '\\' && src[plain] != '\n' && src[plain] != '\r' && src[plain] != '\t') {
            plain++;
        }
        if (plain == stop) { // nothing to escape, the common case: one copy
            out.put(src, off, len);
            return;
        }
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
        out.ensure(3);
        out.bytes[out.len++] = '\\';
        out.bytes[out.len++] = '\\';
        out.bytes[out.len++] = 'x';
        hexDigits(src, off, len, out);
    }

    private static void hexDigits(byte[] src, int off, int len, Buf out) {
        out.ensure(len * 2);
        byte[] dst = out.bytes;
        int p = out.len;
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

        /** A long in decimal digits, without a temporary string. */
        void decimal(long v) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            ensure(20);
            if (v < 0) {
                bytes[len++] = '-';
                v = -v;
            }
            int start = len;
            do {
                bytes[len++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
            for (int a = start, b = len - 1; a < b; a++, b--) {
                byte t = bytes[a];
                bytes[a] = bytes[b];
                bytes[b] = t;
            }
        }

        void ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[len++] = (byte) s.charAt(i);
            }
        }
    }
}
