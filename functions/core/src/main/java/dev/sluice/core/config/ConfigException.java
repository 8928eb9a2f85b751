package dev.sluice.core.config;

/** A configuration the user must fix; its message names the field and the problem. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
