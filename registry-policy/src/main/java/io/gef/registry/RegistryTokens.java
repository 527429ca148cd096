package io.gef.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mints the bearer tokens the trusted registry accepts (distribution's token auth: an ES256 JWT whose {@code kid}
 * names a key of the registry's {@code rootcertbundle}, with {@code access} claims). Only GEF holds the key, so
 * only GEF decides who may push: its own publishing gets push tokens for one repository, engines and users get
 * pull-only ones, and nobody gets {@code delete}.
 *
 * <pre>{@code
 * var tokens = RegistryTokens.load(Path.of("token-key.pem"), Path.of("token-cert.pem"), "gef", "gef-registry",
 *         Clock.systemUTC());
 * String jwt = tokens.pull("gef/wordcount");   // GET /v2/gef/wordcount/... with "Authorization: Bearer " + jwt
 * }</pre>
 */
public final class RegistryTokens {
    /** Actions GEF ever grants; the registry's "delete" and "*" on repositories are not among them. */
    public static final Set<String> PULL = Set.of("pull");
    public static final Set<String> PULL_PUSH = Set.of("pull", "push");
    /** How long a token is valid (a long push runs on one token). */
    public static final Duration TTL = Duration.ofMinutes(30);
    private final ECPrivateKey key;
    private final String keyId;
    private final String issuer;
    private final String service;
    private final Clock clock;

    private RegistryTokens(ECPrivateKey key, String keyId, String issuer, String service, Clock clock) {
        this.key = key;
        this.keyId = keyId;
        this.issuer = issuer;
        this.service = service;
        this.clock = clock;
    }

    /**
     * The key (PKCS#8 PEM, P-256) and its certificate (the registry's {@code rootcertbundle}, PEM).
     *
     * @throws IllegalArgumentException naming the file that cannot be read or does not hold what it should
     */
    public static RegistryTokens load(Path keyPem, Path certPem, String issuer, String service, Clock clock) {
        PublicKey pub;
        try (InputStream in = Files.newInputStream(certPem)) {
            pub = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the registry token certificate " + certPem + ": " + e
                    .getMessage(), e);
        }
        ECPrivateKey key;
        try {
            String pem = Files.readString(keyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the registry token key " + keyPem
                    + " (a PKCS#8 PEM EC P-256 key is expected): " + e.getMessage(), e);
        }
        return new RegistryTokens(key, keyId(pub), issuer, service, clock);
    }

    /**
     * The key id distribution computes for a trusted key (libtrust): the first 240 bits of the SHA-256 of the
     * DER public key, base32 without padding, in groups of four joined by ':'.
     */
    static String keyId(PublicKey pub) {
        try {
            byte[] h = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(pub.getEncoded()), 30);
            String b32 = base32(h);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < b32.length(); i += 4) {
                out.append(i == 0 ? "" : ":").append(b32, i, Math.min(i + 4, b32.length()));
            }
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder s = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                s.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            s.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return s.toString();
    }

    /** A pull-only token for one repository. */
    public String pull(String repository) {
        return mint("gef", List.of("repository:" + repository + ":pull"), PULL);
    }

    /** A pull and push token for one repository: for GEF's own publishing only. */
    public String push(String repository) {
        return mint("gef", List.of("repository:" + repository + ":pull,push"), PULL_PUSH);
    }

    /**
     * A token for the scopes a registry's challenge asked for ({@code type:name:action,action}), granting of each
     * only the actions in {@code allowed}; the catalog ({@code registry:catalog:*}) only when {@code allowed}
     * includes push (it lists every repository).
     */
    public String mint(String subject, List<String> scopes, Set<String> allowed) {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first <= 0 || last <= first) {
                continue;
            }
            String type = scope.substring(0, first);
            String name = scope.substring(first + 1, last);
            List<String> asked = List.of(scope.substring(last + 1).split(","));
            List<String> granted = type.equals("registry") && name.equals("catalog") && allowed.contains("push")
                    ? asked.stream().filter("*"::equals).toList()
                    : type.equals("repository") ? asked.stream().filter(allowed::contains).distinct().toList()
                    : List.of();
            if (!granted.isEmpty()) {
                access.add(Map.of("type", type, "name", name, "actions", granted));
            }
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(service)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(TTL))).jwtID(UUID.randomUUID().toString())
                .claim("access", access).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(keyId).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a registry token", e);
        }
        return jwt.serialize();
    }

    /** The {@code service} the registry is configured with (the tokens' audience). */
    public String service() {
        return service;
    }
}
