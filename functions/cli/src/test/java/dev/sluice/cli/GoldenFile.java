package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A golden type file: per line a source type, a sample value, the target type Sluice must create and the
 * value it must read back. Format (tab-separated, UTF-8; {@code #} starts a comment line):
 *
 * <pre>
 * &#64;SQL run on the source database before the tables are created (types, domains...)
 * source type  TAB  value (SQL expression)  TAB  target type  TAB  value read back  [TAB  options]
 * </pre>
 *
 * The value read back is text with escapes {@code \t \n \r \\ \0 \xNN}, {@code \N} for NULL, {@code md5:<hex>}
 * for the MD5 of a long value's text, or {@code !<policy>} when the default run must refuse it and name
 * {@code valuePolicies.<policy>}. A value prefixed {@code nonstrict:} is inserted without strict mode (MySQL's
 * invalid empty ENUM value). Options are {@code key=value} pairs separated by {@code ;}: a value policy
 * ({@code zeroDate=null}) or {@code override=<target type>} (a type override of this column).
 */
record GoldenFile(String name, List<String> setup, List<Line> lines) {

    /** One case; {@code table} is the source table made for it. */
    record Line(int number, String table, String sourceType, String value, String targetType, String expected,
                Map<String, String> options) {
        boolean refused() {
            return expected.startsWith("!");
        }

        boolean nonstrict() {
            return value.startsWith("nonstrict:");
        }

        String sql() {
            return nonstrict() ? value.substring("nonstrict:".length()) : value;
        }

        /** Whether a second row with NULL is inserted (not for NOT NULL or generated columns). */
        boolean nullRow() {
            String t = sourceType.toLowerCase();
            return !t.contains("not null") && !t.contains("serial") && !t.contains("generated")
                    && !t.contains("auto_increment");
        }

        /** The group of cases copied together: same options; refused cases alone. */
        String group() {
            return refused() ? "refused-" + table : options.isEmpty() ? "plain" : new java.util.TreeMap<>(options).toString();
        }

        @Override
        public String toString() {
            return name() + ":" + number + " " + sourceType + " " + value;
        }

        private String name() {
            return table;
        }
    }

    static GoldenFile load(String resource) {
        try (InputStream in = GoldenFile.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no golden file " + resource);
            }
            String[] text = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<String> setup = new ArrayList<>();
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < text.length; i++) {
                String l = text[i];
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("@")) {
                    setup.add(l.substring(1));
                    continue;
                }
                String[] f = l.split("\t", -1);
                if (f.length < 4) {
                    throw new IllegalStateException(resource + ":" + (i + 1) + ": expected 4 or 5 tab-separated fields");
                }
                Map<String, String> opts = new LinkedHashMap<>();
                if (f.length > 4 && !f[4].isBlank()) {
                    for (String kv : f[4].split(";")) {
                        int eq = kv.indexOf('=');
                        opts.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                    }
                }
                lines.add(new Line(i + 1, String.format("g%03d", lines.size() + 1), f[0].trim(), f[1].trim(),
                        f[2].trim(), f[3], opts));
            }
            return new GoldenFile(resource, setup, lines);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes the escapes of an expected value; null for {@code \N}. */
    static String unescape(String s) {
        if (s.equals("\\N")) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }
}
