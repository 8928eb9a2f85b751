package dev.sluice.cli;

import dev.sluice.core.config.ConfigException;

import java.util.regex.Pattern;

/** Stream ids given on the command line: what StreamConfig accepts, checked before anything connects. */
final class StreamIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private StreamIds() {
    }

    static String check(String id) {
        if (!ID.matcher(id).matches()) {
            throw new ConfigException("'" + id + "' is not a stream id (1-64 letters, digits, '-' or '_')");
        }
        return id;
    }
}
