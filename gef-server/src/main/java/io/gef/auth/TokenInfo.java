package io.gef.auth;

import java.time.Instant;

/** A personal API token as listed: never the token itself, which is shown once at creation. */
public record TokenInfo(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
}
