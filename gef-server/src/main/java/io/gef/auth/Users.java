package io.gef.auth;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.security.SecureRandom;
import io.gef.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users and their personal API tokens. Admins manage users; everyone manages their own tokens. A token is shown
 * once, when it is created; only its hash is kept. Another user's token id answers 404.
 */
public final class Users {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,62}");
    private static final Pattern TOKEN_NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AuthStore store;
    private final TokenAuthenticator tokens;
    private final RateLimiter tokenCreation;
    private final Clock clock;
    private final AuditLog audit;

    Users(AuthStore store, TokenAuthenticator tokens, RateLimiter tokenCreation, Clock clock, AuditLog audit) {
        this.store = store;
        this.tokens = tokens;
        this.tokenCreation = tokenCreation;
        this.clock = clock;
        this.audit = audit;
    }

    /** The body of {@code POST /api/users}. */
    public record NewUser(String name, List<String> roles) {
    }

    /** A created user with their first token (shown once). */
    public record CreatedUser(String id, String name, Set<Role> roles, String token) {
    }

    /** The body of {@code POST /api/tokens}. */
    public record NewToken(String name, Integer expiresInDays) {
    }

    public CreatedUser create(Caller caller, NewUser req) {
        caller.require(Role.ADMIN);
        if (req == null || req.name() == null || !NAME.matcher(req.name()).matches()) {
            throw new GefException(ErrorCode.BAD_FIELD,
                    "name must be 2-63 characters: lower-case letters, digits, '.', '_', '-',"
                    + " starting with a letter");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : req.roles() == null ? List.of("user") : req.roles()) {
            Role role = Role.parse(r);
            if (role == null) {
                throw new GefException(ErrorCode.BAD_FIELD, "roles: '" + r + "' is not one of admin, publisher, user");
            }
            roles.add(role);
        }
        if (store.userByName(req.name()).isPresent()) {
            throw new GefException(ErrorCode.USER_EXISTS, "a user named " + req.name() + " exists");
        }
        User u = new User("usr-" + random(8), req.name(), roles, clock.instant());
        store.insertUser(u);
        IssuedToken t = issue(u.id(), "first token", 90);
        audit.record(caller, "user.created", u.id(), Map.of("name", u.name(), "roles", u.roles(), "token", t.id()));
        return new CreatedUser(u.id(), u.name(), u.roles(), t.token());
    }

    public List<User> list(Caller caller) {
        caller.require(Role.ADMIN);
        return store.users();
    }

    public void delete(Caller caller, String userId) {
        caller.require(Role.ADMIN);
        if (caller.id().equals(userId)) {
            throw new GefException(ErrorCode.SELF_DELETE, "an admin cannot delete themselves");
        }
        if (!store.deleteUser(userId, clock.instant())) {
            throw new GefException(ErrorCode.USER_NOT_FOUND, "no user " + userId);
        }
        audit.record(caller, "user.deleted", userId, Map.of());
    }

    public IssuedToken createToken(Caller caller, NewToken req) {
        if (req == null || req.name() == null || !TOKEN_NAME.matcher(req.name()).matches()) {
            throw new GefException(ErrorCode.BAD_FIELD, "name must be 1-100 letters, digits, spaces, '.', '_' or '-'");
        }
        int days = req.expiresInDays() == null ? 30 : req.expiresInDays();
        if (days < 1 || days > 365) {
            throw new GefException(ErrorCode.BAD_FIELD, "expiresInDays must be between 1 and 365");
        }
        if (tokenCreation.exhausted(caller.id())) {
            throw new GefException(ErrorCode.TOO_MANY_TOKENS, "too many tokens created in the last minute");
        }
        tokenCreation.record(caller.id());
        IssuedToken t = issue(caller.id(), req.name(), days);
        audit.record(caller, "token.created", t.id(), Map.of("name", t.name(), "expiresAt", t.expiresAt().toString()));
        return t;
    }

    public List<TokenInfo> tokens(Caller caller) {
        return store.tokens(caller.id());
    }

    public void revokeToken(Caller caller, String tokenId) {
        store.tokenOwner(tokenId).filter(caller::canSee)
                .orElseThrow(() -> new GefException(ErrorCode.TOKEN_NOT_FOUND, "no token " + tokenId));
        store.revokeToken(tokenId, clock.instant());
        audit.record(caller, "token.revoked", tokenId, Map.of());
    }

    public User me(Caller caller) {
        return store.user(caller.id()).orElseThrow(() -> new GefException(ErrorCode.USER_NOT_FOUND, "no user "
                + caller.id()));
    }

    IssuedToken issue(String userId, String name, int days) {
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(days));
        String id = "tok-" + random(8);
        String token = tokens.sign(id, userId, now, expires);
        store.insertToken(id, userId, name, TokenAuthenticator.sha256(token), now, expires);
        return new IssuedToken(id, name, token, now, expires);
    }

    java.util.Optional<User> byName(String name) {
        return store.userByName(name);
    }

    User insert(User u) {
        store.insertUser(u);
        return u;
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
