package io.gef.auth;

import io.gef.audit.Actor;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.Set;

/**
 * Who is making a request, and from which address. Every object a user creates is owned by {@link #id()}; non-admins see only their own,
 * and another user's object answers 404 (see {@link #canSee(String)}), so ids cannot be probed.
 */
public record Caller(String id, String name, Set<Role> roles, String address) implements Actor {
    public Caller {
        roles = Set.copyOf(roles);
    }

    /** A caller not (yet) tied to a client address. */
    public Caller(String id, String name, Set<Role> roles) {
        this(id, name, roles, null);
    }

    /** This caller, calling from {@code clientAddress} (for the audit log). */
    public Caller at(String clientAddress) {
        return new Caller(id, name, roles, clientAddress);
    }

    @Override
    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean has(Role role) {
        return isAdmin() || roles.contains(role);
    }

    /** Throws 403 unless the caller has {@code role} (admins have every role). */
    public Caller require(Role role) {
        if (!has(role)) {
            throw new GefException(ErrorCode.ROLE_REQUIRED, "this needs the '" + role.wire() + "' role");
        }
        return this;
    }

    /** True when the caller may see an object owned by {@code ownerId}. */
    public boolean canSee(String ownerId) {
        return isAdmin() || id.equals(ownerId);
    }
}
