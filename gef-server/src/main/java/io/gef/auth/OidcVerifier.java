package io.gef.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Set;

/**
 * Verifies tokens of the external OpenID Connect issuer with Nimbus: asymmetric signature by a key from the
 * issuer's JWKS, then {@link OidcClaims}. Every refusal is a 401 with the code GEF uses for its own tokens; keys
 * that cannot be fetched are a 503, because the token may well be good and the client should retry, not re-login.
 */
final class OidcVerifier {
    /** Asymmetric only: HS* would let anyone who knows a shared secret (or the public key) mint tokens. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    /** Plain JWTs and RFC 9068 access tokens; anything else (say an encrypted or logout token) is not a bearer. */
    private static final Set<JOSEObjectType> TYPES = Set.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"));
    private static final int HTTP_TIMEOUT_MS = 2_000;
    private final String issuer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    OidcVerifier(OidcSettings s, JWKSource<SecurityContext> keys, Clock clock) {
        this.issuer = s.issuer();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new OidcClaims(s.issuer(), s.audience(), clock));
    }

    /**
     * Keys from the JWKS URL, cached (5 min, refreshed ahead of expiry) and re-fetched when a token names an
     * unknown {@code kid}, at most once per 30 s so a stream of made-up key ids cannot hammer the issuer.
     */
    static OidcVerifier create(OidcSettings s, Clock clock) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(s.jwksUrl(),
                        new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS,
                                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT))
                .cache(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .rateLimited(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL)
                .build();
        return new OidcVerifier(s, keys, clock);
    }

    String issuer() {
        return issuer;
    }

    /** True when the token claims (unverified) to come from this issuer: only then is it verified here. */
    boolean claimsIssuer(String token) {
        try {
            JWTClaimsSet c = JWTParser.parse(token).getJWTClaimsSet();
            return c != null && issuer.equals(c.getIssuer());
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** The verified claims, or a 401 saying why, or a 503 when the issuer's keys cannot be fetched. */
    JWTClaimsSet verify(String token) {
        SignedJWT jwt = signed(token);
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw new GefException(ErrorCode.BAD_ALGORITHM, "token algorithm " + alg + " is not accepted from " + issuer
                    + " (RS256, RS384, RS512, PS256, ES256, ES384 only)");
        }
        JOSEObjectType typ = jwt.getHeader().getType();
        if (typ != null && !TYPES.contains(typ)) {
            throw new GefException(ErrorCode.MALFORMED_TOKEN, "token type '" + typ + "' is not a bearer token");
        }
        try {
            return processor.process(jwt, null);
        } catch (OidcClaims.Rejected e) {
            throw new GefException(e.code, e.getMessage());
        } catch (BadJWSException e) {
            throw new GefException(ErrorCode.BAD_SIGNATURE, "token signature does not verify");
        } catch (RateLimitReachedException e) {
            throw unknownKey(jwt);
        } catch (KeySourceException e) {
            throw new GefException(ErrorCode.UNAVAILABLE, "the signing keys of " + issuer
                    + " cannot be fetched right now;"
                    + " try again shortly", e);
        } catch (BadJOSEException e) {
            // algorithm and type were checked above, so what is left is: no key in the JWKS matches
            throw unknownKey(jwt);
        } catch (JOSEException e) {
            throw new GefException(ErrorCode.BAD_SIGNATURE, "token signature cannot be verified");
        }
    }

    private GefException unknownKey(SignedJWT jwt) {
        return new GefException(ErrorCode.UNKNOWN_KEY, "token key id '" + jwt.getHeader().getKeyID()
                + "' is not among the"
                + " keys of " + issuer);
    }

    private static SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new GefException(ErrorCode.MALFORMED_TOKEN, "the bearer token is not a JWT");
        }
        if (jwt instanceof SignedJWT s) {
            return s;
        }
        throw new GefException(ErrorCode.BAD_ALGORITHM, "unsigned or encrypted tokens are not accepted");
    }
}
