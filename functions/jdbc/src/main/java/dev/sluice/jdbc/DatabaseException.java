package dev.sluice.jdbc;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Engine;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * A database problem described for the person who can fix it: which database, what went wrong, what to
 * check. {@link #retryable()} separates passing faults (connection lost, deadlock) from permanent ones.
 */
public final class DatabaseException extends RuntimeException {
    private final boolean retryable;

    public DatabaseException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Turns a failed connection attempt into one line naming the cause. */
    public static DatabaseException connecting(ConnectionUrl u, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        String where = u.toString();
        if (rootIs(e, UnknownHostException.class)) {
            return new DatabaseException("cannot connect to " + where + ": unknown host '" + u.host() + "'", false, e);
        }
        if (rootIs(e, ConnectException.class) || rootMessage(e).contains("Connection refused")) {
            return new DatabaseException("cannot connect to " + where + ": connection refused (is the server running"
                    + " and listening on " + u.host() + ":" + u.port() + "?)", true, e);
        }
        if (state.equals("28P01") || state.equals("28000") || code == 1045) {
            return new DatabaseException("cannot connect to " + where + ": authentication failed for user '"
                    + u.user() + "' (check the user and password)", false, e);
        }
        if (state.equals("3D000") || code == 1049) {
            return new DatabaseException("cannot connect to " + where + ": database '" + u.database()
                    + "' does not exist", false, e);
        }
        if (rootMessage(e).toLowerCase().contains("timed out") || rootMessage(e).toLowerCase().contains("timeout")) {
            return new DatabaseException("cannot connect to " + where + ": timed out (host unreachable or firewalled?)",
                    true, e);
        }
        return new DatabaseException("cannot connect to " + where + ": " + firstLine(e.getMessage()), state.startsWith("08"), e);
    }

    /** Classifies a failure during work: connection loss, deadlock, serialization and lock timeouts are retryable. */
    public static DatabaseException during(String what, Engine engine, SQLException e) {
        return new DatabaseException(what + ": " + firstLine(e.getMessage()), isRetryable(engine, e), e);
    }

    /** Retryable SQL states and MySQL error codes, by name. */
    public static boolean isRetryable(Engine engine, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return true; // connection exception
        }
        if (engine == Engine.POSTGRESQL) {
            return state.equals("40001") // serialization_failure
                    || state.equals("40P01") // deadlock_detected
                    || state.equals("55P03") // lock_not_available
                    || state.equals("57P01"); // admin_shutdown
        }
        int code = e.getErrorCode();
        return code == 1213 // ER_LOCK_DEADLOCK
                || code == 1205 // ER_LOCK_WAIT_TIMEOUT
                || code == 2006 // CR_SERVER_GONE_ERROR
                || code == 2013; // CR_SERVER_LOST
    }

    public static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }

    private static boolean rootIs(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(' ');
        }
        return sb.toString();
    }
}
