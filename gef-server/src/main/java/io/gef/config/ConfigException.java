package io.gef.config;

/** A configuration value is missing, unknown or malformed; the server refuses to start. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
