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
        assertThat(server.publish(GefServer.context(GefServer.REPO.resolve("service-images/sh")))
                .path("state").asText()).isEqualTo("SUCCEEDED");
        Path in = Files.createDirectories(data.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "alpha\n");
        String vol = server.volumeWith(server.admin, in);
        Api.Response r = server.api.post("/api/jobs", server.admin, Map.of("service", "checksum",
                "inputs", Map.of("data", Map.of("volume", vol))));
        job = server.awaitJob(server.admin, r.json().path("id").asText());
        assertThat(job.path("state").asText()).isEqualTo("COMPLETE");
        envelope = server.provenance(server.admin, job.path("id").asText());
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
        JsonNode deps = s.path("predicate").path("buildDefinition").path("resolvedDependencies");
        assertThat(deps.toString()).as("manifest and config digests").contains("\"name\":\"manifest\"")
                .contains("\"name\":\"config\"");
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

    private JsonNode replay(String jobId) throws Exception {
        Api.Response r = server.api.post("/api/jobs/" + jobId + "/replay", server.admin, "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return server.awaitJob(server.admin, r.json().path("id").asText());
    }

    @Test
    void replayOfADeterministicJob_isIdentical() throws Exception {
        JsonNode again = replay(job.path("id").asText());
        assertThat(again.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(again.path("replayOf").asText()).isEqualTo(job.path("id").asText());
        assertThat(again.path("reproducibility").path("identical").asBoolean()).as(again.toString()).isTrue();
        assertThat(again.path("reproducibility").path("outputs").get(0).path("path").asText())
                .isEqualTo("manifest/SHA256SUMS");
    }

    @Test
    void replayOfAJobWritingTheTime_isNotIdentical_andNamesTheFile() throws Exception {
        Path in = Files.createDirectories(data.resolve("in-sh"));
        Files.writeString(in.resolve("input.txt"), "x\n");
        String vol = server.volumeWith(server.admin, in);
        JsonNode first = server.awaitJob(server.admin, server.api.post("/api/jobs", server.admin, Map.of(
                "service", "sh", "inputs", Map.of("in", Map.of("volume", vol)), "parameters",
                Map.of("script", "{ date; cat /proc/uptime; } > /data/out/now.txt; cp /data/in/input.txt /data/out/same.txt")))
                .json().path("id").asText());
        assertThat(first.path("state").asText()).isEqualTo("COMPLETE");
        JsonNode again = replay(first.path("id").asText());
        JsonNode verdict = again.path("reproducibility");
        assertThat(verdict.path("identical").asBoolean()).as(verdict.toString()).isFalse();
        assertThat(verdict.path("outputs").toString()).contains("\"path\":\"out/now.txt\"");
        for (JsonNode f : verdict.path("outputs")) {
            assertThat(f.path("same").asBoolean()).as(f.toString())
                    .isEqualTo(f.path("path").asText().equals("out/same.txt"));
        }
    }

    @Test
    void replayAfterTheTagMoved_runsTheOriginalDigest() throws Exception {
        String tag = GefServer.REGISTRY + "/" + server.namespace + "/checksum:1.0";
        Path ctx = Files.createDirectories(data.resolve("moved"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + GefServer.REGISTRY + "/gef/base:1\n"
                + "LABEL eudat.gef.service.name=\"checksum\" eudat.gef.service.version=\"1.0\" moved=\"yes\"\n");
        for (String[] cmd : new String[][]{{"/usr/bin/docker", "build", "-q", "-t", tag, ctx.toString()},
                {"/usr/bin/docker", "push", "-q", tag}}) {
            // the tag is moved by someone holding the registry's key (an operator), not through GEF
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            io.gef.testing.SharedRegistry.dockerConfig(data.resolve("docker-config"), server.namespace + "/checksum",
                    true)
                    .ifPresent(d -> pb.environment().put("DOCKER_CONFIG", d.toString()));
            assertThat(pb.start().waitFor()).as(String.join(" ", cmd)).isZero();
        }
        assertThat(io.gef.testing.SharedRegistry.client()
                .resolve(server.namespace + "/checksum", "1.0")).as("the tag moved")
                .isNotEqualTo(job.path("image").asText().replaceAll(".*@", ""));
        JsonNode again = replay(job.path("id").asText());
        assertThat(again.path("image").asText()).isEqualTo(job.path("image").asText());
        assertThat(again.path("state").asText()).isEqualTo("COMPLETE");
    }

    @Test
    void replayWhoseInputIsGone_is409NamingTheInput() throws Exception {
        Path in = Files.createDirectories(data.resolve("in-gone"));
        Files.writeString(in.resolve("a.txt"), "gone\n");
        String vol = server.volumeWith(server.admin, in);
        JsonNode first = server.awaitJob(server.admin, server.api.post("/api/jobs", server.admin, Map.of(
                "service", "checksum", "inputs", Map.of("data", Map.of("volume", vol)))).json().path("id").asText());
        assertThat(server.api.delete("/api/volumes/" + vol, server.admin).status()).isIn(200, 204);
        Api.Response r = server.api.post("/api/jobs/" + first.path("id").asText() + "/replay", server.admin, "");
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().path("message").asText()).contains("inputs.data");
    }

    @Test
    void crate_isJsonLdWithTheRoCrateContext_andACreateAction_andTheOutputFiles() throws Exception {
        byte[] zip = server.api.getBytes("/api/jobs/" + job.path("id").asText() + "/crate", server.admin);
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        JsonNode meta = server.api.mapper().readTree(entries.get("ro-crate-metadata.json"));
        assertThat(meta.path("@context").asText()).isEqualTo("https://w3id.org/ro/crate/1.1/context");
        JsonNode action = null;
        JsonNode root = null;
        for (JsonNode n : meta.path("@graph")) {
            if (n.path("@type").asText().equals("CreateAction")) {
                action = n;
            }
            if (n.path("@id").asText().equals("./")) {
                root = n;
            }
        }
        assertThat(root.path("conformsTo").path("@id").asText()).isEqualTo("https://w3id.org/ro/wfrun/process/0.5");
        assertThat(action).as("a CreateAction").isNotNull();
        for (String field : java.util.List.of("instrument", "object", "result", "startTime", "endTime", "agent",
                "actionStatus")) {
            assertThat(action.has(field)).as(field).isTrue();
        }
        assertThat(action.path("actionStatus").path("@id").asText()).isEqualTo("http://schema.org/CompletedActionStatus");
        assertThat(meta.toString()).contains("\"@type\":\"ContainerImage\"")
                .contains(job.path("image").asText().replaceAll(".*@sha256:", ""));
        String out = job.path("outputs").get(0).path("volumeId").asText();
        assertThat(entries.get("outputs/manifest/SHA256SUMS")).isEqualTo(server.download(server.admin, out,
                "SHA256SUMS"));
        assertThat(entries).containsKey("provenance.dsse.json");
    }

    @Test
    void anotherUsersProvenance_isNotFound() {
        String eve = server.api.post("/api/users", server.admin, Map.of("name", "eve")).json().path("token")
                .asText();
        assertThat(server.api.get("/api/jobs/" + job.path("id").asText() + "/provenance", eve).status())
                .isEqualTo(404);
        assertThat(server.api.post("/api/jobs/" + job.path("id").asText() + "/replay", eve, "").status())
                .as("another user cannot replay it").isEqualTo(404);
        JsonNode v = server.api.post("/api/provenance/verify", eve, envelope).json();
        assertThat(v.path("subjects")).as("no output digests leak to another user").isEmpty();
    }
}
