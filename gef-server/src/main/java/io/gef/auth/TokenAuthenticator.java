package io.gef.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies bearer tokens: a JWT signed ES256 by this server's key, with the configured issuer and audience, inside
 * its validity window, whose SHA-256 is a stored, unrevoked token of a user who still exists. Anything else is a
 * 401 saying why. Failures are rate limited per client address (429), so tokens cannot be guessed at speed.
 * When an external OpenID Connect issuer is configured, a token naming that issuer goes to it instead (same
 * failure codes, same rate limit); every other token is verified here exactly as without it.
 */
final class TokenAuthenticator implements Authenticator {
    static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private final ServerKeys keys;
    private final AuthStore store;
    private final String issuer;
    private final String audience;
    private final RateLimiter failures;
    private final Clock clock;
    private final OidcAuthenticator external;
    /**
     * Claims of tokens whose signature already verified, by the token's SHA-256. An ES256 check costs ~1 ms of CPU,
     * most of a cheap request; everything that can change (expiry, revocation, the user) is still checked on
     * every request, and the hash of the whole token means no other token can hit an entry.
     */
    private final Map<String, JWTClaimsSet> signed = new ConcurrentHashMap<>();
    private static final int SIGNED_CACHE = 10_000;

    /** {@code external} is null when no OpenID Connect issuer is configured. */
    TokenAuthenticator(ServerKeys keys, AuthStore store, String issuer, String audience, RateLimiter failures,
                       Clock clock, OidcAuthenticator external) {
        this.keys = keys;
        this.store = store;
        this.issuer = issuer;
        this.audience = audience;
        this.failures = failures;
        this.clock = clock;
        this.external = external;
    }

    @Override
    public Caller authenticate(String authorization, String clientAddress) {
        if (failures.exhausted(clientAddress)) {
            throw new GefException(ErrorCode.TOO_MANY_FAILURES, "too many failed authentications from this address;"
                    + " try again in a minute");
        }
        try {
            return verify(authorization);
        } catch (GefException e) {
            if (e.status() == 401) {
                failures.record(clientAddress);
            }
            throw e;
        }
    }

    private Caller verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized(ErrorCode.MISSING_TOKEN, "no bearer token: send 'Authorization: Bearer <token>'");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ErrorCode.MALFORMED_TOKEN, "the Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(7).trim();
        if (external != null && external.claimsIssuer(token)) {
            return external.authenticate(token);
        }
        String sha256 = sha256(token);
        JWTClaimsSet claims = signed.get(sha256);
        if (claims == null) {
            claims = signedClaims(token);
            if (signed.size() >= SIGNED_CACHE) {
                signed.clear(); // crude but bounded; a miss only costs one signature check
            }
            signed.put(sha256, claims);
        }
        checkClaims(claims);
        AuthStore.TokenRow row = store.tokenBySha256(sha256)
                .orElseThrow(() -> unauthorized(ErrorCode.UNKNOWN_TOKEN, "token is not known to this server"));
        Instant now = clock.instant();
        if (row.revokedAt() != null) {
            throw unauthorized(ErrorCode.REVOKED_TOKEN, "token was revoked");
        }
        if (row.userDeleted()) {
            throw unauthorized(ErrorCode.USER_DELETED, "the token's user was deleted");
        }
        if (!row.expiresAt().isAfter(now)) {
            throw unauthorized(ErrorCode.EXPIRED_TOKEN, "token expired at " + row.expiresAt());
        }
        if (row.lastUsedAt() == null || row.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
            store.touch(row.tokenId(), now);
        }
        return row.user().caller();
    }

    /** Parses the token and checks its algorithm, key and signature; returns its claims (not yet checked). */
    private JWTClaimsSet signedClaims(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw unauthorized(ErrorCode.MALFORMED_TOKEN, "the bearer token is not a signed JWT");
        }
        JWSHeader h = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(h.getAlgorithm())) {
            throw unauthorized(ErrorCode.BAD_ALGORITHM, "token algorithm " + h.getAlgorithm()
                    + " is not accepted (ES256 only)");
        }
        if (h.getKeyID() == null || !h.getKeyID().equals(keys.keyId())) {
            throw unauthorized(ErrorCode.UNKNOWN_KEY, "token key id is unknown to this server");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(keys.publicKey()))) {
                throw unauthorized(ErrorCode.BAD_SIGNATURE, "token signature does not verify");
            }
        } catch (JOSEException e) {
            throw unauthorized(ErrorCode.BAD_SIGNATURE, "token signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthorized(ErrorCode.MALFORMED_TOKEN, "token claims are not readable");
        }
        return claims;
    }

    private void checkClaims(JWTClaimsSet c) {
        Instant now = clock.instant();
        if (!issuer.equals(c.getIssuer())) {
            throw unauthorized(ErrorCode.WRONG_ISSUER, "token issuer is not '" + issuer + "'");
        }
        List<String> aud = c.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw unauthorized(ErrorCode.WRONG_AUDIENCE, "token audience does not include '" + audience + "'");
        }
        Date exp = c.getExpirationTime();
        if (exp == null) {
            throw unauthorized(ErrorCode.MALFORMED_TOKEN, "token has no expiry");
        }
        if (!exp.toInstant().plus(SKEW).isAfter(now)) {
            throw unauthorized(ErrorCode.EXPIRED_TOKEN, "token expired at " + exp.toInstant());
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(SKEW).isAfter(now)) {
            throw unauthorized(ErrorCode.NOT_YET_VALID, "token is not valid before " + nbf.toInstant());
        }
        if (c.getSubject() == null || c.getJWTID() == null) {
            throw unauthorized(ErrorCode.MALFORMED_TOKEN, "token lacks a subject or id");
        }
    }

    /** Signs a token for {@code userId}: what {@link Users} stores the hash of. */
    String sign(String tokenId, String userId, Instant issuedAt, Instant expiresAt) {
        var claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(userId).jwtID(tokenId)
                .issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.keyId()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(keys.ecKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GefException unauthorized(ErrorCode code, String message) {
        return new GefException(code, message);
    }
}
