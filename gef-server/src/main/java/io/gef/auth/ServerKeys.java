package io.gef.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Map;

/**
 * The server's own ES256 (ECDSA P-256) key: signs API tokens, image signatures and provenance. Generated on first
 * start under {@code <data>/keys/} (directory 700, file 600); its public half is published at {@code /api/keys}.
 * The key id is the RFC 7638 thumbprint, so it changes only if the key does.
 */
public final class ServerKeys {
    private final ECKey key;

    private ServerKeys(ECKey key) {
        this.key = key;
    }

    /** Loads the key from {@code dir}, generating it there first if there is none. */
    public static ServerKeys loadOrCreate(Path dir) {
        Path file = dir.resolve("server-es256.jwk.json");
        try {
            if (Files.exists(file)) {
                return new ServerKeys(ECKey.parse(Files.readString(file)));
            }
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            ECKey generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true).generate();
            io.gef.store.DurableFiles.write(file, generated.toJSONString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
            return new ServerKeys(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server key in " + dir, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the server key in " + file + " is unreadable", e);
        }
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The key pair as Nimbus sees it (private part included): for signers. */
    public ECKey ecKey() {
        return key;
    }

    public ECPrivateKey privateKey() {
        try {
            return key.toECPrivateKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Both halves, for signers that first check whether they signed already (image signatures). */
    public KeyPair pair() {
        return new KeyPair(publicKey(), privateKey());
    }

    public ECPublicKey publicKey() {
        try {
            return key.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWKS: what verifiers of tokens, signatures and provenance need, nothing private. */
    public Map<String, Object> publicJwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }
}
