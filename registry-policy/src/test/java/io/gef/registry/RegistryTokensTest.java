package io.gef.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What GEF's registry tokens grant, and the key id the registry looks them up by (no registry needed here). */
class RegistryTokensTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T05:00:00Z"), ZoneOffset.UTC);

    @Test
    void keyId_isDistributionsLibtrustFingerprint_twelveGroupsOfFourBase32() throws Exception {
        String kid = RegistryTokens.keyId(pair().getPublic());
        assertThat(kid).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
    }

    @Test
    void pullTokens_grantOnlyPull_andNothingEverGrantsDelete(@TempDir Path dir) throws Exception {
        RegistryTokens tokens = load(dir);
        SignedJWT jwt = SignedJWT.parse(tokens.mint("alice", List.of("repository:gef/sh:pull,push,delete",
                "repository:gef/x:*", "registry:catalog:*"), RegistryTokens.PULL));
        assertThat(jwt.verify(new ECDSAVerifier(pub))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getClaim("access")).asString()
                .isEqualTo(List.of(Map.of("type", "repository", "name", "gef/sh", "actions", List.of("pull")))
                        .toString());
        SignedJWT push = SignedJWT.parse(tokens.mint("gef", List.of("repository:gef/sh:pull,push,delete"),
                RegistryTokens.PULL_PUSH));
        assertThat(push.getJWTClaimsSet().getClaim("access").toString()).contains("pull", "push")
                .doesNotContain("delete");
        assertThat(push.getJWTClaimsSet().getAudience()).containsExactly("gef-registry");
        assertThat(push.getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(CLOCK.instant().plus(RegistryTokens.TTL));
    }

    private ECPublicKey pub;

    private RegistryTokens load(Path dir) throws Exception {
        // a certificate is only read for its public key: any X.509 of that key does; make one with the JDK's keytool
        Path ks = dir.resolve("ks.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "k", "-keystore", ks.toString(),
                "-storepass", "changeit", "-dname", "CN=t").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        var store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        var cert = store.getCertificate("k");
        var key = (java.security.PrivateKey) store.getKey("k", "changeit".toCharArray());
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        pub = (ECPublicKey) cert.getPublicKey();
        return RegistryTokens.load(dir.resolve("key.pem"), dir.resolve("cert.pem"), "gef", "gef-registry", CLOCK);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
