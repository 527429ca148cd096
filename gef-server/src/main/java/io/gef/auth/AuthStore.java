package io.gef.auth;

import io.gef.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Users and personal API tokens in H2. Tokens are stored only as their SHA-256. */
final class AuthStore {
    private final Sql sql;

    AuthStore(Sql sql) {
        this.sql = sql;
    }

    /** What authentication needs to know about a presented token, its user included, in one query. */
    record TokenRow(String tokenId, String userId, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
                    boolean userDeleted, User user) {
    }

    /** A user provisioned from an external issuer, deleted or not: deletion must outlive later tokens. */
    record ExternalRow(User user, String issuer, String subject, boolean deleted) {
    }

    void insertUser(User u) {
        sql.update("INSERT INTO users(id, name, roles, created_at) VALUES (?,?,?,?)", u.id(), u.name(),
                wire(u.roles()), u.createdAt());
    }

    void insertExternalUser(User u, String issuer, String subject) {
        sql.update("INSERT INTO users(id, name, roles, created_at, external_issuer, external_subject)"
                + " VALUES (?,?,?,?,?,?)", u.id(), u.name(), wire(u.roles()), u.createdAt(), issuer, subject);
    }

    Optional<ExternalRow> userIncludingDeleted(String id) {
        return sql.one("SELECT * FROM users WHERE id = ?", rs -> new ExternalRow(user(rs),
                rs.getString("external_issuer"), rs.getString("external_subject"),
                rs.getTimestamp("deleted_at") != null), id);
    }

    /** Names stay unique across deleted users too (the column is unique). */
    boolean nameTaken(String name) {
        return sql.one("SELECT 1 FROM users WHERE name = ?", rs -> true, name).isPresent();
    }

    void updateRoles(String id, Set<Role> roles) {
        sql.update("UPDATE users SET roles = ? WHERE id = ?", wire(roles), id);
    }

    private static String wire(Set<Role> roles) {
        return roles.stream().map(Role::wire).sorted().collect(Collectors.joining(","));
    }

    Optional<User> user(String id) {
        return sql.one("SELECT * FROM users WHERE id = ? AND deleted_at IS NULL", AuthStore::user, id);
    }

    Optional<User> userByName(String name) {
        return sql.one("SELECT * FROM users WHERE name = ? AND deleted_at IS NULL", AuthStore::user, name);
    }

    List<User> users() {
        return sql.list("SELECT * FROM users WHERE deleted_at IS NULL ORDER BY created_at", AuthStore::user);
    }

    /** Marks the user deleted and revokes every token of theirs, in one transaction. */
    boolean deleteUser(String id, Instant at) {
        return sql.transaction(c -> {
            int n;
            try (var ps = Sql.prepare(c, "UPDATE users SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                    at, id)) {
                n = ps.executeUpdate();
            }
            try (var ps = Sql.prepare(c, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS"
                    + " NULL", at, id)) {
                ps.executeUpdate();
            }
            return n == 1;
        });
    }

    void insertToken(String id, String userId, String name, String sha256, Instant created, Instant expires) {
        sql.update("INSERT INTO api_tokens(id, user_id, name, token_sha256, created_at, expires_at)"
                + " VALUES (?,?,?,?,?,?)", id, userId, name, sha256, created, expires);
    }

    Optional<TokenRow> tokenBySha256(String sha256) {
        return sql.one("SELECT t.id AS token_id, t.user_id, t.expires_at, t.revoked_at, t.last_used_at, u.deleted_at,"
                + " u.id, u.name, u.roles, u.created_at"
                + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?",
                rs -> new TokenRow(rs.getString(1), rs.getString(2), Sql.instant(rs, "expires_at"),
                        Sql.instant(rs, "revoked_at"), Sql.instant(rs, "last_used_at"),
                        rs.getTimestamp(6) != null, user(rs)), sha256);
    }

    /**
     * Not forced to disk: "last used" is a hint for the token list, nobody is promised it, and a request must not
     * wait for a disk flush because its token was not used for a minute (it did, at 1000 requests a second).
     */
    void touch(String tokenId, Instant at) {
        sql.updateUnforced("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at, tokenId);
    }

    List<TokenInfo> tokens(String userId) {
        return sql.list("SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens WHERE user_id = ?"
                + " AND revoked_at IS NULL ORDER BY created_at DESC", rs -> new TokenInfo(rs.getString(1),
                rs.getString(2), Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "last_used_at")), userId);
    }

    Optional<String> tokenOwner(String tokenId) {
        return sql.one("SELECT user_id FROM api_tokens WHERE id = ? AND revoked_at IS NULL",
                rs -> rs.getString(1), tokenId);
    }

    boolean revokeToken(String tokenId, Instant at) {
        return sql.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at,
                tokenId) == 1;
    }

    private static User user(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString("roles").split(",")).map(Role::parse).filter(r -> r != null).forEach(roles::add);
        return new User(rs.getString("id"), rs.getString("name"), roles, Sql.instant(rs, "created_at"));
    }
}
