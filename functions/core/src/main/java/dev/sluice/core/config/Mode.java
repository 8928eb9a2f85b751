package dev.sluice.core.config;

import java.util.Locale;

/** What a stream does: bulk copy, change capture, or a bulk copy followed by change capture. */
public enum Mode {
    CONVERT, CDC, CONVERT_CDC;

    public static Mode parse(String s) {
        switch (s.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_')) {
            case "convert": return CONVERT;
            case "cdc": return CDC;
            case "convert_cdc": case "convert_then_cdc": return CONVERT_CDC;
            default: throw new ConfigException("mode '" + s + "' is not one of convert, cdc, convert_cdc");
        }
    }
}
