package io.gef.volumes.store;

import java.time.Instant;

/**
 * A directory that already exists on an engine's host, registered by an admin. Jobs mount it read-only; it is
 * never copied. Visible to every authenticated user.
 */
public record Dataset(String name, String engine, String hostPath, String description, String registeredBy,
                      Instant registeredAt) {
}
