package io.gef.auth;

import java.time.Instant;
import java.util.Set;

/** A user of the embedded user store. */
public record User(String id, String name, Set<Role> roles, Instant createdAt) {
    Caller caller() {
        return new Caller(id, name, roles);
    }
}
