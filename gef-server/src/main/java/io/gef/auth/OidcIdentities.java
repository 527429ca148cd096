package io.gef.auth;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.store.StoreException;
import java.time.Clock;
import java.util.Set;

/**
 * Maps an external identity (issuer, subject) to one stable GEF user, since ownership and isolation of jobs,
 * volumes and builds are by user id. The id is derived from the pair, so the same person gets the same user on
 * every token and on every server sharing the database; the user is created on first use. The issuer is the
 * authority on roles, so each token's roles replace the stored ones. A user an admin deleted stays deleted.
 */
final class OidcIdentities {
    private static final int MAX_NAME = 80;
    private final AuthStore store;
    private final Clock clock;

    OidcIdentities(AuthStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code usr-} and the first 16 hex digits of sha256(issuer + "\n" + subject). */
    static String userId(String issuer, String subject) {
        return "usr-" + TokenAuthenticator.sha256(issuer + "\n" + subject).substring(0, 16);
    }

    Caller caller(String issuer, String subject, String displayName, Set<Role> roles) {
        String id = userId(issuer, subject);
        AuthStore.ExternalRow row = store.userIncludingDeleted(id).orElseGet(() -> provision(id, issuer, subject,
                displayName, roles));
        if (!issuer.equals(row.issuer()) || !subject.equals(row.subject())) {
            // a local user or another identity already has this id: never merge two people into one owner
            throw new GefException(ErrorCode.UNKNOWN_TOKEN, "this identity cannot be mapped to a user; ask an admin");
        }
        if (row.deleted()) {
            throw new GefException(ErrorCode.USER_DELETED, "the token's user was deleted");
        }
        if (!row.user().roles().equals(roles)) {
            store.updateRoles(id, roles);
        }
        return new Caller(id, row.user().name(), roles);
    }

    private AuthStore.ExternalRow provision(String id, String issuer, String subject, String displayName,
                                            Set<Role> roles) {
        User u = new User(id, uniqueName(displayName, id), roles, clock.instant());
        try {
            store.insertExternalUser(u, issuer, subject);
        } catch (StoreException e) {
            // a concurrent first request provisioned the same identity; anything else still fails
            return store.userIncludingDeleted(id).orElseThrow(() -> e);
        }
        return new AuthStore.ExternalRow(u, issuer, subject, false);
    }

    /**
     * The display name, made unique: names are unique among users, and an issuer's {@code admin} must not look
     * like GEF's own admin. The suffix comes from the id, so it is stable for the same identity.
     */
    private String uniqueName(String displayName, String id) {
        String base = displayName.length() > MAX_NAME ? displayName.substring(0, MAX_NAME) : displayName;
        if (!store.nameTaken(base)) {
            return base;
        }
        String suffixed = base + "-" + id.substring(4, 10);
        for (int i = 2; store.nameTaken(suffixed); i++) {
            suffixed = base + "-" + id.substring(4, 10) + "-" + i;
        }
        return suffixed;
    }
}
