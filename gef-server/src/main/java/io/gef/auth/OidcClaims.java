package io.gef.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.gef.errors.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Nimbus' claim checks for an external token (issuer exact, audience contained in {@code aud}, {@code sub} and
 * {@code exp} present, {@code exp}/{@code nbf} with GEF's 30 s skew), run on GEF's clock. Nimbus decides; this
 * class only names the failure with the same code GEF's own tokens would get, since Nimbus says why only in prose.
 */
final class OidcClaims extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final String issuer;
    private final String audience;
    private final Clock clock;

    OidcClaims(String issuer, String audience, Clock clock) {
        super(Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iss", "aud"),
                null);
        setMaxClockSkew((int) TokenAuthenticator.SKEW.toSeconds());
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** A claims failure with the 401 code GEF answers. */
    static final class Rejected extends BadJWTException {
        final ErrorCode code;

        Rejected(ErrorCode code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet c, SecurityContext context) throws BadJWTException {
        try {
            super.verify(c, context);
        } catch (BadJWTException e) {
            throw reason(c, e);
        }
    }

    private Rejected reason(JWTClaimsSet c, BadJWTException e) {
        Instant now = clock.instant();
        if (c.getSubject() == null || c.getExpirationTime() == null) {
            return new Rejected(ErrorCode.MALFORMED_TOKEN, "token lacks a subject or an expiry", e);
        }
        if (!issuer.equals(c.getIssuer())) {
            return new Rejected(ErrorCode.WRONG_ISSUER, "token issuer is not '" + issuer + "'", e);
        }
        if (c.getAudience() == null || !c.getAudience().contains(audience)) {
            return new Rejected(ErrorCode.WRONG_AUDIENCE, "token audience does not include '" + audience + "'", e);
        }
        Instant exp = c.getExpirationTime().toInstant();
        if (!exp.plus(TokenAuthenticator.SKEW).isAfter(now)) {
            return new Rejected(ErrorCode.EXPIRED_TOKEN, "token expired at " + exp, e);
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(TokenAuthenticator.SKEW).isAfter(now)) {
            return new Rejected(ErrorCode.NOT_YET_VALID, "token is not valid before " + nbf.toInstant(), e);
        }
        return new Rejected(ErrorCode.MALFORMED_TOKEN, "token claims are not acceptable: " + e.getMessage(), e);
    }
}
