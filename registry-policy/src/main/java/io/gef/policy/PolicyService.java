package io.gef.policy;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

/**
 * The policy in force, as the server uses it: loaded once at start (an invalid file, a {@link PolicyException},
 * stops the server), asked at publish, submission and replay. {@link #require} turns a denial into a 403 carrying the whole decision.
 */
public final class PolicyService {
    private final PolicyEngine engine;

    private PolicyService(PolicyEngine engine) {
        this.engine = engine;
    }

    /** Loads {@code file}, or the default policy shipped in the jar when empty. */
    public static PolicyService load(Optional<Path> file, PublicKey serverKey, RegistryClient registry) {
        byte[] bytes;
        try {
            if (file.isPresent()) {
                bytes = Files.readAllBytes(file.get());
            } else {
                try (InputStream in = PolicyService.class.getResourceAsStream("/policies/default.yaml")) {
                    if (in == null) {
                        throw new PolicyException("the default policy is missing from the classpath");
                    }
                    bytes = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new PolicyException("cannot read the policy file " + file.orElse(null) + ": " + e.getMessage());
        }
        try {
            return new PolicyService(new PolicyEngine(Policy.parse(bytes, Map.of("server", serverKey)), registry));
        } catch (PolicyException e) {
            throw new PolicyException("policy " + file.map(Path::toString).orElse("(default)") + ": "
                    + e.getMessage());
        }
    }

    /** What {@code GET /api/policy} shows. */
    public record Active(String digest, String source) {
    }

    public Active active() {
        return new Active(engine.policy().digest(), engine.policy().source());
    }

    /** The body of {@code POST /api/policy/evaluate}. */
    public record EvaluateRequest(String image, Integer memoryMb, Double cpus, Integer timeoutSeconds,
                                  Boolean network) {
    }

    public Decision evaluate(EvaluateRequest req) {
        if (req == null || req.image() == null || req.image().isBlank()) {
            throw new GefException(ErrorCode.BAD_FIELD, "image is required");
        }
        return engine.evaluate(req.image(), Stage.SUBMIT, new ResourceRequest(req.memoryMb(), req.cpus(),
                req.timeoutSeconds(), Boolean.TRUE.equals(req.network())));
    }

    /** The publish-time decision for an image about to be pushed as {@code target}, allowed or not. */
    public Decision evaluatePublish(String target, Map<String, String> labels, long sizeBytes) {
        return engine.evaluatePublish(target, labels, sizeBytes);
    }

    /** The publish-time decision for an image about to be pushed as {@code target}; 403 when denied. */
    public Decision requirePublish(String target, Map<String, String> labels, long sizeBytes) {
        Decision d = engine.evaluatePublish(target, labels, sizeBytes);
        if (!d.allowed()) {
            throw denied("the registry policy denies publishing " + target + ": " + d.summary(), d);
        }
        return d;
    }

    /** The decision when allowed; a 403 {@code policy_denied} naming every failed rule otherwise. */
    public Decision require(String image, Stage stage, ResourceRequest resources) {
        Decision d = engine.evaluate(image, stage, resources);
        if (!d.allowed()) {
            throw denied("the registry policy denies " + image + ": " + d.summary(), d);
        }
        return d;
    }

    private static GefException denied(String message, Decision d) {
        return new GefException(ErrorCode.POLICY_DENIED, message, null, Map.of("decision", d));
    }
}
