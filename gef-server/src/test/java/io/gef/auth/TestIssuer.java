package io.gef.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A loopback OpenID Connect issuer for tests: serves {@code /jwks.json} with an RSA and an EC key on 127.0.0.1
 * and mints tokens with them, so the server verifies real signatures fetched over a real socket.
 */
final class TestIssuer implements AutoCloseable {
    static final String AUDIENCE = "gef-api";
    final RSAKey rsa;
    final ECKey ec;
    private final HttpServer http;

    TestIssuer() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("cannot set up the test issuer", e);
        }
        byte[] jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true)
                .getBytes(StandardCharsets.UTF_8);
        http.createContext("/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, jwks.length);
            try (var out = ex.getResponseBody()) {
                out.write(jwks);
            }
        });
        http.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/realms/test";
    }

    /** The server's configuration for this issuer, plus {@code more}. */
    Map<String, String> config(Map<String, String> more) {
        var cfg = new java.util.HashMap<>(Map.of("gef.auth.oidc.issuer", issuer(), "gef.auth.oidc.jwks-url",
                "http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json", "gef.auth.oidc.audience",
                AUDIENCE, "gef.auth.failed-per-minute", "1000"));
        cfg.putAll(more);
        return cfg;
    }

    /** Claims of a valid token for {@code subject}, valid for an hour from now. */
    JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).audience(List.of(AUDIENCE, "account")).subject(subject)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    String rs256(JWTClaimsSet.Builder claims) {
        return sign(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                claims.build()), rsa);
    }

    String es256(JWTClaimsSet.Builder claims) {
        return sign(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                claims.build()), ec);
    }

    /** Signed RS256 by {@code key}, whichever key that is: for keys the JWKS does not hold. */
    static String sign(SignedJWT jwt, com.nimbusds.jose.jwk.JWK key) {
        try {
            jwt.sign(key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
