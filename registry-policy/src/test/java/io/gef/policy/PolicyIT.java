package io.gef.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryTokens;
import java.nio.file.Path;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy acceptance table, against the real registry, with real signatures. */
class PolicyIT {
    static final String REGISTRY = System.getProperty("gef.registry", "127.0.0.1:5000");
    static final String NS = "test-policy-" + UUID.randomUUID().toString().substring(0, 8);
    static final Map<String, String> LABELS = Map.of("eudat.gef.service.name", "app",
            "eudat.gef.service.version", "1", "eudat.gef.service.license", "MIT");
    static RegistryClient registry;
    static PolicyEngine engine;
    static String goodDigest;
    static String unsignedDigest;
    static String otherAppDigest;

    static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** The shared registry's token key, exported by ./gef test (a registry without auth: none needed). */
    static Optional<RegistryTokens> sharedTokens() {
        String key = System.getenv("GEF_REGISTRY_TOKEN_KEY");
        String cert = System.getenv("GEF_REGISTRY_TOKEN_CERT");
        return key == null || key.isBlank() || cert == null || cert.isBlank() ? Optional.empty()
                : Optional.of(RegistryTokens.load(Path.of(key), Path.of(cert), "gef", "gef-registry",
                        java.time.Clock.systemUTC()));
    }

    @BeforeAll
    static void images() throws Exception {
        registry = new RegistryClient("http://" + REGISTRY, Optional.empty(), Optional.empty(), sharedTokens());
        KeyPair server = ecKeys();
        KeyPair stranger = ecKeys();
        var images = new SyntheticImages(registry);
        var sigs = new CosignSignatures(registry);

        goodDigest = images.push(NS + "/good", "1", LABELS, 100);
        sigs.sign(REGISTRY, NS + "/good", goodDigest, server);
        images.push(NS + "/good", "latest", LABELS, 100);
        sigs.sign(REGISTRY, NS + "/good", registry.resolve(NS + "/good", "latest"), server);
        unsignedDigest = images.push(NS + "/unsigned", "1", LABELS, 100);
        String foreign = images.push(NS + "/foreign", "1", LABELS, 100);
        sigs.sign(REGISTRY, NS + "/foreign", foreign, stranger);
        String big = images.push(NS + "/big", "1", LABELS, 10_000);
        sigs.sign(REGISTRY, NS + "/big", big, server);
        String nolabel = images.push(NS + "/nolabel", "1", Map.of("eudat.gef.service.name", "x"), 100);
        sigs.sign(REGISTRY, NS + "/nolabel", nolabel, server);
        String nolicence = images.push(NS + "/nolicence", "1", Map.of("eudat.gef.service.name", "x",
                "eudat.gef.service.version", "1"), 100);
        sigs.sign(REGISTRY, NS + "/nolicence", nolicence, server);
        // a valid signature of app:1 copied under app:2's signature tag
        String signedApp = images.push(NS + "/app", "1", LABELS, 100);
        sigs.sign(REGISTRY, NS + "/app", signedApp, server);
        String otherApp = images.push(NS + "/app", "2", LABELS, 100);
        otherAppDigest = otherApp;
        var sigManifest = registry.manifestJson(NS + "/app", CosignSignatures.sigTag(signedApp)).orElseThrow();
        registry.putManifest(NS + "/app", CosignSignatures.sigTag(otherApp), RegistryClient.OCI_V1,
                sigManifest.toString().getBytes(StandardCharsets.UTF_8));

        String yaml = """
                version: 1
                rules:
                  - {id: trusted, type: trusted-registries, repositories: ["%s/%s"]}
                  - {id: no-latest, type: deny-latest}
                  - {id: labels, type: required-labels, labels: [eudat.gef.service.name, eudat.gef.service.version]}
                  - {id: licence, type: required-labels, mode: audit, labels: [eudat.gef.service.license]}
                  - {id: size, type: max-image-size, maxBytes: 4096}
                  - {id: signed, type: signatures, threshold: 1, keys: {server: server}}
                  - {id: ceilings, type: resource-ceilings, maxMemoryMb: 1024, maxCpus: 2, maxTimeoutSeconds: 600}
                """.formatted(REGISTRY, NS);
        engine = new PolicyEngine(Policy.parse(yaml.getBytes(StandardCharsets.UTF_8),
                Map.of("server", server.getPublic())), registry);
    }

    static Stream<Object[]> denied() {
        String h = REGISTRY;
        return Stream.of(
                new Object[]{"untrusted host", "evil.io:5000/" + NS + "/good:1", ResourceRequest.NONE, "trusted"},
                new Object[]{"host prefix bypass", h + ".evil.io/" + NS + "/good:1", ResourceRequest.NONE, "trusted"},
                new Object[]{"path prefix bypass", h + "/" + NS + "-evil/good:1", ResourceRequest.NONE, "trusted"},
                new Object[]{":latest", h + "/" + NS + "/good:latest", ResourceRequest.NONE, "no-latest"},
                new Object[]{"no tag means latest", h + "/" + NS + "/good", ResourceRequest.NONE, "no-latest"},
                new Object[]{"unsigned", h + "/" + NS + "/unsigned:1", ResourceRequest.NONE, "signed"},
                new Object[]{"signed by an unknown key", h + "/" + NS + "/foreign:1", ResourceRequest.NONE, "signed"},
                new Object[]{"signature copied to another digest", h + "/" + NS + "/app:2", ResourceRequest.NONE,
                        "signed"},
                // named by digest, the signature tag is read while the manifest is (PolicyEngine's prefetch)
                new Object[]{"unsigned, by digest", h + "/" + NS + "/unsigned@" + unsignedDigest,
                        ResourceRequest.NONE, "signed"},
                new Object[]{"signature copied to another digest, by digest", h + "/" + NS + "/app@"
                        + otherAppDigest, ResourceRequest.NONE, "signed"},
                new Object[]{"unknown digest", h + "/" + NS + "/good@sha256:" + "0".repeat(64),
                        ResourceRequest.NONE, "image-exists"},
                new Object[]{"over the size limit", h + "/" + NS + "/big:1", ResourceRequest.NONE, "size"},
                new Object[]{"missing required label", h + "/" + NS + "/nolabel:1", ResourceRequest.NONE, "labels"},
                new Object[]{"memory over the ceiling", h + "/" + NS + "/good:1",
                        new ResourceRequest(4096, null, null, false), "ceilings"},
                new Object[]{"network not allowed", h + "/" + NS + "/good:1",
                        new ResourceRequest(null, null, null, true), "ceilings"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denied")
    void denied_withAReasonNamingTheRule(String name, String image, ResourceRequest res, String rule) {
        Decision d = engine.evaluate(image, Stage.SUBMIT, res);
        assertThat(d.allowed()).as(name + ": " + d.results()).isFalse();
        assertThat(d.violations()).extracting(RuleResult::rule).as(name).contains(rule);
        assertThat(d.summary()).contains(rule + ":");
        assertThat(d.policyDigest()).startsWith("sha256:");
    }

    @Test
    void untrustedImages_areNeverRead() {
        Decision d = engine.evaluate(REGISTRY + "/" + NS + "-evil/good:1", Stage.SUBMIT, ResourceRequest.NONE);
        assertThat(d.pinned()).as("not resolved").isNull();
        assertThat(d.results()).filteredOn(r -> r.rule().equals("signed")).first()
                .extracting(RuleResult::reason).asString().contains("not checked");
    }

    @Test
    void allowedImage_isResolvedToItsDigest() {
        Decision d = engine.evaluate(REGISTRY + "/" + NS + "/good:1", Stage.SUBMIT,
                new ResourceRequest(512, 1.0, 60, false));
        assertThat(d.allowed()).as(d.summary()).isTrue();
        assertThat(d.pinned()).isEqualTo(REGISTRY + "/" + NS + "/good@" + goodDigest);
        assertThat(d.audited()).isEmpty();
    }

    @Test
    void allowedImage_namedByDigest_isCheckedWithTheSignatureReadAlongside() {
        Decision d = engine.evaluate(REGISTRY + "/" + NS + "/good@" + goodDigest, Stage.SUBMIT,
                new ResourceRequest(512, 1.0, 60, false));
        assertThat(d.allowed()).as(d.summary()).isTrue();
        assertThat(d.pinned()).isEqualTo(REGISTRY + "/" + NS + "/good@" + goodDigest);
        assertThat(d.results()).filteredOn(r -> r.rule().equals("signed")).first()
                .extracting(RuleResult::passed).isEqualTo(true);
    }

    @Test
    void auditModeViolation_isAllowedButRecorded() {
        Decision d = engine.evaluate(REGISTRY + "/" + NS + "/nolicence:1", Stage.PUBLISH, ResourceRequest.NONE);
        assertThat(d.allowed()).as(d.summary()).isTrue();
        assertThat(d.audited()).extracting(RuleResult::rule).containsExactly("licence");
        assertThat(d.audited().getFirst().reason()).contains("eudat.gef.service.license");
    }

    @Test
    void aPublishersOwnKey_listedInThePolicyAsPem_isAccepted() throws Exception {
        KeyPair publisher = ecKeys();
        String repo = NS + "/own";
        String digest = new SyntheticImages(registry).push(repo, "1", LABELS, 100);
        new CosignSignatures(registry).sign(REGISTRY, repo, digest, publisher);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publisher.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        String yaml = "version: 1\nrules:\n  - {id: trusted, type: trusted-registries, repositories: [\"" + REGISTRY
                + "/" + NS + "\"]}\n  - id: signed\n    type: signatures\n    keys:\n      alice: |\n"
                + pem.lines().map(l -> "        " + l).reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
        var own = new PolicyEngine(Policy.parse(yaml.getBytes(StandardCharsets.UTF_8), Map.of()), registry);
        Decision d = own.evaluate(REGISTRY + "/" + repo + ":1", Stage.SUBMIT, ResourceRequest.NONE);
        assertThat(d.allowed()).as(d.summary()).isTrue();
        assertThat(engine.evaluate(REGISTRY + "/" + repo + ":1", Stage.SUBMIT, ResourceRequest.NONE).allowed())
                .as("the server-key policy does not know alice's key").isFalse();
    }

    @Test
    void signingAgainWithTheSameKey_addsNoSignature_anotherKeyAddsOne() throws Exception {
        KeyPair first = ecKeys();
        KeyPair second = ecKeys();
        String repo = NS + "/resigned";
        String digest = new SyntheticImages(registry).push(repo, "1", LABELS, 100);
        var sigs = new CosignSignatures(registry);
        for (int i = 0; i < 3; i++) {
            sigs.sign(REGISTRY, repo, digest, first); // as every start-up republishes the example services
        }
        assertThat(signatureLayers(repo, digest)).as("one signature of one key, however often it signs").isEqualTo(1);
        sigs.sign(REGISTRY, repo, digest, second);
        sigs.sign(REGISTRY, repo, digest, second);
        assertThat(signatureLayers(repo, digest)).isEqualTo(2);
        assertThat(sigs.validSigners(REGISTRY, repo, digest, Map.of("first", first.getPublic(), "second",
                second.getPublic(), "stranger", ecKeys().getPublic()))).containsExactlyInAnyOrder("first", "second");
    }

    private static int signatureLayers(String repo, String digest) {
        return registry.manifestJson(repo, CosignSignatures.sigTag(digest)).orElseThrow().path("layers").size();
    }

    @Test
    void policyDigest_isTheSha256OfTheFileBytes() throws Exception {
        byte[] bytes = engine.policy().source().getBytes(StandardCharsets.UTF_8);
        String expected = "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes));
        assertThat(engine.policy().digest()).isEqualTo(expected);
    }
}
