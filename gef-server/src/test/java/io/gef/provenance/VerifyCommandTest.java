package io.gef.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.gef.store.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
    @TempDir
    Path dir;

    private int run(Path envelope, Path jwks) {
        return new CommandLine(new VerifyCommand()).execute(envelope.toString(), "--keys", jwks.toString());
    }

    @Test
    void validEnvelope_exits0_tampered1_garbage2() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        byte[] body = "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8);
        Dsse.Envelope e = Dsse.sign(Dsse.IN_TOTO, body, key.toECPrivateKey(), key.getKeyID());
        Path good = dir.resolve("good.json");
        Files.writeString(good, JsonCodec.write(e));
        assertThat(run(good, jwks)).isZero();

        body[5] ^= 1;
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, JsonCodec.write(new Dsse.Envelope(e.payloadType(),
                java.util.Base64.getEncoder().encodeToString(body), e.signatures())));
        assertThat(run(tampered, jwks)).isEqualTo(1);

        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
        Path otherJwks = dir.resolve("other.json");
        Files.writeString(otherJwks, new JWKSet(other.toPublicJWK()).toString());
        assertThat(run(good, otherJwks)).as("same kid, another key").isEqualTo(1);

        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "not json");
        assertThat(run(garbage, jwks)).isEqualTo(2);
    }
}
