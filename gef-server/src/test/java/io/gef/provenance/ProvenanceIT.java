package io.gef.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provenance of a real checksum job: fetched, verified by the server and independently with the JWKS. */
class ProvenanceIT {
    @TempDir
    static Path data;
    static GefServer server;
    static JsonNode job;
    static JsonNode envelope;

    @BeforeAll
    static void runChecksum() throws Exception {
        server = new GefServer(data);
        assertThat(server.publish(GefServer.context(GefServer.REPO.resolve("service-images/checksum")))
                .path("state").asText()).isEqualTo("SUCCEEDED");
        Path in = Files.createDirectories(data.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "alpha\n");
        String vol = server.volumeWith(server.admin, in);
        Api.Response r = server.api.post("/api/jobs", server.admin, Map.of("service", "checksum",
                "inputs", Map.of("data", Map.of("volume", vol))));
        job = server.awaitJob(server.admin, r.json().path("id").asText());
        assertThat(job.path("state").asText()).isEqualTo("COMPLETE");
        envelope = server.api.get("/api/jobs/" + job.path("id").asText() + "/provenance", server.admin).json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void statement_namesTheImageDigestInputsPolicyAndOutputs() throws Exception {
        assertThat(envelope.path("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        JsonNode s = server.api.mapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
        assertThat(s.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(s.path("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        JsonNode subject = s.path("subject").get(0);
        assertThat(subject.path("name").asText()).isEqualTo("manifest/SHA256SUMS");
        String out = job.path("outputs").get(0).path("volumeId").asText();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(server.download(server.admin, out, "SHA256SUMS")));
        assertThat(subject.path("digest").path("sha256").asText()).isEqualTo(sha);
        JsonNode ext = s.path("predicate").path("buildDefinition").path("externalParameters");
        assertThat(ext.path("image").asText()).isEqualTo(job.path("image").asText()).contains("@sha256:");
        assertThat(ext.path("inputs").get(0).path("digest").asText()).isEqualTo(job.path("inputs").get(0)
                .path("digest").asText());
        JsonNode internal = s.path("predicate").path("buildDefinition").path("internalParameters");
        assertThat(internal.path("policyDigest").asText()).startsWith("sha256:");
        assertThat(internal.path("sandbox").path("networkMode").asText()).isEqualTo("none");
        assertThat(s.path("predicate").path("runDetails").path("metadata").path("invocationId").asText())
                .isEqualTo(job.path("id").asText());
    }

    @Test
    void verify_acceptsTheEnvelope_andRejectsItWithOneByteChanged() {
        JsonNode ok = server.api.post("/api/provenance/verify", server.admin, envelope).json();
        assertThat(ok.path("signatureValid").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.path("subjectsMatch").asBoolean()).isTrue();

        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
        payload[payload.length / 2] ^= 1;
        ObjectNode tampered = envelope.deepCopy();
        tampered.put("payload", Base64.getEncoder().encodeToString(payload));
        JsonNode bad = server.api.post("/api/provenance/verify", server.admin, tampered).json();
        assertThat(bad.path("signatureValid").asBoolean()).as(bad.toString()).isFalse();
        assertThat(server.api.post("/api/provenance/verify", server.admin, Map.of("x", 1)).json()
                .path("signatureValid").asBoolean()).isFalse();
    }

    @Test
    void theJwksAtApiKeys_verifiesTheSignatureWithoutTheServer() throws Exception {
        JWKSet jwks = JWKSet.parse(server.api.get("/api/keys", null).body());
        JsonNode sig = envelope.path("signatures").get(0);
        ECKey key = (ECKey) jwks.getKeyByKeyId(sig.path("keyid").asText());
        byte[] body = Base64.getDecoder().decode(envelope.path("payload").asText());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(key.toECPublicKey());
        v.update(Dsse.pae(envelope.path("payloadType").asText(), body));
        assertThat(v.verify(Base64.getDecoder().decode(sig.path("sig").asText()))).isTrue();
    }

    @Test
    void anotherUsersProvenance_isNotFound() {
        String eve = server.api.post("/api/users", server.admin, Map.of("name", "eve")).json().path("token")
                .asText();
        assertThat(server.api.get("/api/jobs/" + job.path("id").asText() + "/provenance", eve).status())
                .isEqualTo(404);
        JsonNode v = server.api.post("/api/provenance/verify", eve, envelope).json();
        assertThat(v.path("subjects")).as("no output digests leak to another user").isEmpty();
    }
}
