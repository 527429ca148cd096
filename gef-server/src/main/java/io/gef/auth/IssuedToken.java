package io.gef.auth;

import java.time.Instant;

/** A freshly created token: the only time {@code token} is ever shown. */
public record IssuedToken(String id, String name, String token, Instant createdAt, Instant expiresAt) {
}
