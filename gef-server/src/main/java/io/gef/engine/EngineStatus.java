package io.gef.engine;

/** What an engine said about itself; {@code version} is null when it could not be reached. */
public record EngineStatus(String name, String version, String apiVersion, boolean reachable) {
}
