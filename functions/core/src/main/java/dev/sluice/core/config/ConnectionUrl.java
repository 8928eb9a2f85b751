package dev.sluice.core.config;

import dev.sluice.core.model.Engine;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A database location as users write it: {@code mysql://user:pass@host:3306/db},
 * {@code mariadb://...}, {@code postgresql://user:pass@host:5432/db?currentSchema=s}. The password never
 * appears in {@link #toString()}.
 */
public record ConnectionUrl(Engine engine, String user, String password, String host, int port, String database,
                            Map<String, String> params) {
    public ConnectionUrl {
        if (host == null || host.isBlank()) {
            throw new ConfigException("connection URL has no host");
        }
        if (port <= 0 || port > 65535) {
            throw new ConfigException("connection URL port " + port + " is out of range");
        }
        if (database == null || database.isBlank()) {
            throw new ConfigException("connection URL has no database name (add /dbname after host:port)");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static ConnectionUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("empty connection URL");
        }
        int sep = url.indexOf("://");
        if (sep <= 0) {
            throw new ConfigException("connection URL '" + redact(url)
                    + "' must look like mysql://user:pass@host:3306/db or postgresql://user@host:5432/db");
        }
        Engine engine;
        try {
            engine = Engine.parse(url.substring(0, sep));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("connection URL '" + redact(url) + "': " + e.getMessage());
        }
        String rest = url.substring(sep + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String user = engine.isMySqlFamily() ? "root" : "postgres";
        String password = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String cred = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = cred.indexOf(':');
            user = decode(colon >= 0 ? cred.substring(0, colon) : cred);
            password = colon >= 0 ? decode(cred.substring(colon + 1)) : "";
        }
        int slash = rest.indexOf('/');
        String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        String db = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String host = hostPort;
        int port = engine.isMySqlFamily() ? 3306 : 5432;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException("connection URL '" + redact(url) + "': port '"
                        + hostPort.substring(colon + 1) + "' is not a number");
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("connection URL '" + redact(url) + "': bad parameter '" + kv + "'");
                }
                params.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
        }
        try {
            return new ConnectionUrl(engine, user, password, host, port, db, params);
        } catch (ConfigException e) {
            throw new ConfigException("connection URL '" + redact(url) + "': " + e.getMessage());
        }
    }

    /** PostgreSQL schema to read or write ({@code currentSchema} parameter, default {@code public}); for MySQL the database. */
    public String schema() {
        return engine.isMySqlFamily() ? database : params.getOrDefault("currentSchema", "public");
    }

    public ConnectionUrl withDatabase(String db) {
        return new ConnectionUrl(engine, user, password, host, port, db, params);
    }

    /** The URL in its user form, password included: only for handing to a driver, never for printing. */
    public String toUrlWithSecret() {
        StringBuilder sb = new StringBuilder(engine.name().toLowerCase()).append("://").append(enc(user));
        if (!password.isEmpty()) {
            sb.append(':').append(enc(password));
        }
        sb.append('@').append(host).append(':').append(port).append('/').append(enc(database));
        String sepr = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sepr).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sepr = "&";
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return engine.name().toLowerCase() + "://" + user + (password.isEmpty() ? "" : ":***") + "@" + host + ":"
                + port + "/" + database;
    }

    /** Percent-decoding as in URLs (a '+' stays a '+'); a malformed escape is a config error, not a crash. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new ConfigException("connection URL has an incomplete %-escape (write a literal % as %25)");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new ConfigException("connection URL has a malformed %-escape (write a literal % as %25)");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL with any password replaced by {@code ***}, for error messages. */
    public static String redact(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            int at = url.lastIndexOf('@');
            int colon = url.indexOf(':');
            return at > 0 && colon >= 0 && colon < at ? url.substring(0, colon + 1) + "***" + url.substring(at) : url;
        }
        String head = url.substring(0, sep + 3);
        String rest = url.substring(sep + 3);
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q) : "";
        rest = q >= 0 ? rest.substring(0, q) : rest;
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        String cred = rest.substring(0, at);
        int colon = cred.indexOf(':');
        if (colon < 0) {
            return url;
        }
        return head + cred.substring(0, colon) + ":***" + rest.substring(at) + query;
    }
}
