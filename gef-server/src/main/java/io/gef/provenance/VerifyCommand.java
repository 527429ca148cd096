package io.gef.provenance;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.gef.store.JsonCodec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Offline check of a provenance envelope with nothing but the server's public keys:
 * {@code java -jar gef-server-…-all.jar verify envelope.json --keys jwks.json}. Exit 0 valid, 1 not, 2 bad input.
 */
@Command(name = "verify", description = "Verify a DSSE provenance envelope against a JWKS (file or http(s) URL).")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The envelope (JSON) from GET /api/jobs/{id}/provenance.")
    Path envelope;

    @Option(names = "--keys", required = true, description = "JWKS file or URL, e.g. http://host:8080/api/keys")
    String keys;

    @Override
    public Integer call() {
        Dsse.Envelope e;
        Map<String, PublicKey> byKid = new HashMap<>();
        try {
            e = JsonCodec.mapper().readValue(Files.readAllBytes(envelope), Dsse.Envelope.class);
            String jwks = keys.startsWith("http://") || keys.startsWith("https://")
                    ? new String(URI.create(keys).toURL().openStream().readAllBytes())
                    : Files.readString(Path.of(keys));
            for (JWK k : JWKSet.parse(jwks).getKeys()) {
                if (k instanceof ECKey ec && k.getKeyID() != null) {
                    byKid.put(k.getKeyID(), ec.toECPublicKey());
                }
            }
        } catch (Exception x) {
            System.err.println("cannot read input: " + x.getMessage());
            return 2;
        }
        String kid = Dsse.verify(e, byKid);
        if (kid == null || !Dsse.IN_TOTO.equals(e.payloadType())) {
            System.out.println("INVALID: no signature verifies with the given keys");
            return 1;
        }
        System.out.println("VALID: signed by " + kid);
        return 0;
    }
}
