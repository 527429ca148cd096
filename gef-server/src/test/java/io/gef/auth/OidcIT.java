package io.gef.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens of an external OpenID Connect issuer, through the real server, next to GEF's own tokens. */
class OidcIT {
    @TempDir
    Path data;
    private TestIssuer idp;
    private GefServer gef;

    @BeforeEach
    void startIssuer() {
        idp = new TestIssuer();
    }

    @AfterEach
    void stop() {
        if (gef != null) {
            gef.close();
        }
        idp.close();
    }

    private Api start(Map<String, String> more) {
        gef = new GefServer(data, idp.config(more));
        return gef.api;
    }

    @Test
    void validToken_isAUserNamedAfterTheToken_withTheRolesOfTheClaim() {
        Api api = start(Map.of());
        String token = idp.rs256(idp.claims("sub-alice").claim("preferred_username", "alice")
                .claim("email", "alice@example.org").claim("roles", List.of("publisher", "offline_access")));
        Api.Response me = api.get("/api/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("name").asText()).as("name from preferred_username").isEqualTo("alice");
        assertThat(me.json().path("roles").toString()).as("roles from the claim").isEqualTo("[\"publisher\"]");
        assertThat(me.json().path("id").asText()).as("id derived from issuer and subject")
                .isEqualTo(OidcIdentities.userId(idp.issuer(), "sub-alice"));
        assertThat(api.get("/api/users", token).status()).as("a publisher lists users").isEqualTo(403);
    }

    @Test
    void adminRoleInADottedPathClaim_mayListUsers_andNamesFallBackToEmail() {
        Api api = start(Map.of("gef.auth.oidc.roles-claim", "realm_access.roles"));
        String token = idp.es256(idp.claims("sub-root").claim("email", "root@example.org")
                .claim("realm_access", Map.of("roles", List.of("admin", "default-roles-test"))));
        Api.Response me = api.get("/api/me", token);
        assertThat(me.json().path("roles").toString()).as(me.body()).isEqualTo("[\"admin\"]");
        assertThat(me.json().path("name").asText()).as("name from email").isEqualTo("root@example.org");
        assertThat(api.get("/api/users", token).status()).as("admin via the claim lists users").isEqualTo(200);
    }

    @Test
    void aTokenWithoutGefRoles_isAUser_orRefusedWhenThereIsNoDefaultRole() {
        Api api = start(Map.of());
        Api.Response me = api.get("/api/me", idp.rs256(idp.claims("sub-plain")));
        assertThat(me.json().path("roles").toString()).as(me.body()).isEqualTo("[\"user\"]");
        assertThat(me.json().path("name").asText()).as("name falls back to sub").isEqualTo("sub-plain");
        gef.close();
        api = start(Map.of("gef.auth.oidc.default-role", ""));
        Api.Response refused = api.get("/api/me", idp.rs256(idp.claims("sub-none")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).as("code").isEqualTo("no_role");
    }

    @Test
    void twoSubjects_cannotSeeEachOthersVolumes_andASecondTokenSeesItsOwn() {
        Api api = start(Map.of());
        String alice = idp.rs256(idp.claims("sub-a").claim("preferred_username", "alice"));
        String bob = idp.es256(idp.claims("sub-b").claim("preferred_username", "bob"));
        String vol = api.post("/api/volumes", alice, Map.of("name", "secret")).json().path("id").asText();
        assertThat(vol).as("volume created").startsWith("vol");
        assertThat(api.get("/api/volumes/" + vol, bob).status()).as("another subject").isEqualTo(404);
        String aliceAgain = idp.es256(idp.claims("sub-a").claim("preferred_username", "alice"));
        assertThat(aliceAgain).as("a different token").isNotEqualTo(alice);
        assertThat(api.get("/api/volumes/" + vol, aliceAgain).status()).as("same subject, new token").isEqualTo(200);
    }

    @Test
    void anIssuersAdmin_doesNotTakeTheNameOfGefsAdmin() {
        Api api = start(Map.of());
        Api.Response me = api.get("/api/me", idp.rs256(idp.claims("sub-x").claim("preferred_username", "admin")));
        assertThat(me.json().path("name").asText()).as(me.body()).startsWith("admin-");
        assertThat(api.get("/api/me", gef.admin).json().path("name").asText()).as("GEF's admin").isEqualTo("admin");
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("wrong audience", "wrong_audience", (Mint) i -> i.rs256(i.claims("s").audience("other"))),
                Arguments.of("expired", "expired_token", (Mint) i -> i.rs256(i.claims("s")
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600))))),
                Arguments.of("not yet valid", "not_yet_valid", (Mint) i -> i.es256(i.claims("s")
                        .notBeforeTime(Date.from(Instant.now().plusSeconds(3600))))),
                Arguments.of("HS256 with a secret", "bad_algorithm", (Mint) i -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                            i.claims("s").build());
                    jwt.sign(new MACSigner(i.rsa.toRSAPublicKey().getEncoded()));
                    return jwt.serialize();
                }),
                Arguments.of("alg none", "bad_algorithm", (Mint) i -> new PlainJWT(i.claims("s").build()).serialize()),
                Arguments.of("key not in the JWKS", "unknown_key", (Mint) i -> TestIssuer.sign(new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rogue").build(), i.claims("s").build()),
                        new RSAKeyGenerator(2048).keyID("rogue").generate())),
                Arguments.of("payload altered after signing", "bad_signature", (Mint) i -> {
                    String[] p = i.rs256(i.claims("s").claim("roles", List.of("user"))).split("\\.");
                    String payload = new String(Base64.getUrlDecoder().decode(p[1])).replace("\"user\"", "\"admin\"");
                    return p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                            + "." + p[2];
                }));
    }

    @FunctionalInterface
    interface Mint {
        String with(TestIssuer issuer) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badToken_is401WithTheCodeGefUsesForItsOwnTokens(String name, String code, Mint mint) throws Exception {
        Api api = start(Map.of());
        Api.Response r = api.get("/api/me", mint.with(idp));
        assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).as(name + ": code").isEqualTo(code);
        assertThat(r.json().path("message").asText()).as(name + ": reason").isNotBlank();
        assertThat(api.get("/api/users", gef.admin).json().path("users").size()).as(name + ": nobody provisioned")
                .isEqualTo(1);
    }

    @Test
    void unreachableJwks_is503_not401Or500() {
        Api api = start(Map.of());
        idp.close();
        Api.Response r = api.get("/api/me", idp.rs256(idp.claims("sub-a")));
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.json().path("error").asText()).as("code").isEqualTo("unavailable");
    }

    @Test
    void aDeletedProvisionedUser_staysDeleted() {
        Api api = start(Map.of());
        String id = api.get("/api/me", idp.rs256(idp.claims("sub-gone"))).json().path("id").asText();
        assertThat(api.delete("/api/users/" + id, gef.admin).status()).as("admin deletes").isEqualTo(204);
        Api.Response r = api.get("/api/me", idp.es256(idp.claims("sub-gone")));
        assertThat(r.status()).as("a later token: " + r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).as("code").isEqualTo("user_deleted");
    }

    @Test
    void gefsOwnTokens_keepWorking_andAnExternalUserGetsPersonalTokens() {
        Api api = start(Map.of());
        assertThat(api.get("/api/me", gef.admin).json().path("name").asText()).as("fixture admin").isEqualTo("admin");
        String external = idp.rs256(idp.claims("sub-p").claim("preferred_username", "pat"));
        Api.Response created = api.post("/api/tokens", external, Map.of("name", "cli", "expiresInDays", 7));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Response me = api.get("/api/me", created.json().path("token").asText());
        assertThat(me.json().path("id").asText()).as("the personal token is the same user")
                .isEqualTo(OidcIdentities.userId(idp.issuer(), "sub-p"));
        Api.Response notOurs = api.get("/api/me", idp.rs256(idp.claims("s").issuer("https://evil.example")));
        assertThat(notOurs.json().path("error").asText()).as("another issuer is GEF's to judge: " + notOurs.body())
                .isEqualTo("bad_algorithm");
        ServerKeys keys = ServerKeys.loadOrCreate(data.resolve("keys"));
        String signedByGef = TestIssuer.sign(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.keyId()).build(), idp.claims("s").issuer("https://evil.example").build()), keys.ecKey());
        assertThat(api.get("/api/me", signedByGef).json().path("error").asText()).as("GEF's key, unknown issuer")
                .isEqualTo("wrong_issuer");
    }

    @Test
    void failedExternalTokens_countInThePerAddressLimit() {
        Api api = start(Map.of("gef.auth.failed-per-minute", "2"));
        String expired = idp.rs256(idp.claims("s").expirationTime(Date.from(Instant.now().minusSeconds(3600))));
        assertThat(api.get("/api/me", expired).status()).as("first failure").isEqualTo(401);
        assertThat(api.get("/api/me", expired).status()).as("second failure").isEqualTo(401);
        assertThat(api.get("/api/me", idp.rs256(idp.claims("s"))).status()).as("then even a good token")
                .isEqualTo(429);
    }
}
