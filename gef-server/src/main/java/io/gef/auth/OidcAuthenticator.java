package io.gef.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.Set;

/**
 * Bearer tokens from the external OpenID Connect issuer: verified ({@link OidcVerifier}), roles read from the
 * configured claim ({@link OidcRoles}), and the identity mapped to its GEF user ({@link OidcIdentities}).
 * {@link TokenAuthenticator} hands over only tokens that name this issuer, and keeps rate limiting the failures.
 */
final class OidcAuthenticator {
    private final OidcVerifier verifier;
    private final OidcRoles roles;
    private final OidcIdentities identities;

    OidcAuthenticator(OidcVerifier verifier, OidcRoles roles, OidcIdentities identities) {
        this.verifier = verifier;
        this.roles = roles;
        this.identities = identities;
    }

    boolean claimsIssuer(String token) {
        return verifier.claimsIssuer(token);
    }

    Caller authenticate(String token) {
        JWTClaimsSet claims = verifier.verify(token);
        Set<Role> granted = roles.from(claims.getClaims());
        if (granted.isEmpty()) {
            // authentic but not allowed in: refused before a user is created for it
            throw new GefException(ErrorCode.NO_ROLE,
                    "the token carries none of the roles admin, publisher, user in claim '"
                    + roles.claim() + "', and gef.auth.oidc.default-role is empty");
        }
        return identities.caller(verifier.issuer(), claims.getSubject(), displayName(claims), granted);
    }

    /** {@code preferred_username}, else {@code email}, else {@code sub}: what a person recognises in lists. */
    static String displayName(JWTClaimsSet claims) {
        for (String name : new String[]{"preferred_username", "email"}) {
            if (claims.getClaim(name) instanceof String s && !s.isBlank()) {
                return s.trim();
            }
        }
        return claims.getSubject();
    }
}
