package io.gef.policy;

import io.gef.registry.ImageRef;
import io.gef.registry.Manifest;
import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Evaluates images against the policy in force. Only images from a trusted registry are read (never contact a
 * host the policy does not trust); a tag is resolved to a digest here, once, so what runs is what was checked.
 */
final class PolicyEngine {
    /** Reads an image's signature tag while its manifest is read (each a registry round trip on job submission). */
    private static final Executor PREFETCH = Executors.newVirtualThreadPerTaskExecutor();
    private final Policy policy;
    private final RegistryClient registry;
    private final CosignSignatures signatures;

    PolicyEngine(Policy policy, RegistryClient registry) {
        this.policy = policy;
        this.registry = registry;
        this.signatures = new CosignSignatures(registry);
    }

    Policy policy() {
        return policy;
    }

    /** Evaluates {@code image} (any reference) for {@code stage}; never throws for a bad image, only decides. */
    Decision evaluate(String image, Stage stage, ResourceRequest resources) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            var bad = new RuleResult("image-reference", "image-reference", Mode.ENFORCE, false, e.getMessage());
            return new Decision(false, policy.digest(), image, null, stage, List.of(bad), policy.jobUser());
        }
        Manifest manifest = null;
        CompletableFuture<List<CosignSignatures.Entry>> prefetched = null;
        Map<String, String> labels = Map.of();
        String unreadable = null;
        boolean trusted = policy.rules().stream().filter(r -> r instanceof Rule.TrustedRegistries)
                .allMatch(r -> ((Rule.TrustedRegistries) r).check(subject(ref, null, Map.of(), "", resources))
                        == null);
        if (!trusted) {
            unreadable = "the image is not from a trusted registry, so it was not read";
        } else if (!ref.host().equals(registry.host())) {
            unreadable = "GEF can only read images from " + registry.host();
        } else {
            prefetched = prefetchSignatures(ref);
            try {
                manifest = registry.manifest(ref.repository(), ref.reference());
                labels = registry.labels(ref.repository(), manifest);
            } catch (RegistryException e) {
                manifest = null;
                unreadable = e.notFound() ? "no such image in the registry: " + ref : "registry error: "
                        + e.getMessage();
            }
        }
        Subject subject = subject(ref, manifest, labels, unreadable, resources, prefetched);
        List<RuleResult> results = new ArrayList<>();
        for (Rule r : policy.rules()) {
            results.add(r.result(subject));
        }
        if (manifest == null && trusted) {
            results.add(new RuleResult("image-exists", "image-exists", Mode.ENFORCE, false, unreadable));
        }
        boolean allowed = results.stream().noneMatch(r -> !r.passed() && r.mode() == Mode.ENFORCE);
        String pinned = manifest == null ? null : ref.withDigest(manifest.digest()).pinned();
        return new Decision(allowed, policy.digest(), image, pinned, stage, List.copyOf(results),
                policy.jobUser());
    }

    /**
     * Evaluates an image about to be published as {@code target} ({@code host/repo:version}) from what the builder
     * knows locally: its labels and size. The signature rule passes with a note, because the server signs what it
     * publishes; resource ceilings do not apply to publishing.
     */
    Decision evaluatePublish(String target, Map<String, String> labels, long sizeBytes) {
        ImageRef ref = ImageRef.parse(target);
        Manifest local = new Manifest("(not pushed yet)", RegistryClient.DOCKER_V2, "",
                List.of(new Manifest.Layer("", sizeBytes)), new byte[0]);
        Subject subject = new Subject(ref, local, labels, null, ResourceRequest.NONE, keys -> Set.of());
        List<RuleResult> results = new ArrayList<>();
        for (Rule r : policy.rules()) {
            results.add(r instanceof Rule.Signatures
                    ? new RuleResult(r.id(), r.type(), r.mode(), true, "signed by the server when published")
                    : r.result(subject));
        }
        boolean allowed = results.stream().noneMatch(r -> !r.passed() && r.mode() == Mode.ENFORCE);
        return new Decision(allowed, policy.digest(), target, null, Stage.PUBLISH, List.copyOf(results),
                policy.jobUser());
    }

    private Subject subject(ImageRef ref, Manifest m, Map<String, String> labels, String unreadable,
                            ResourceRequest resources) {
        return subject(ref, m, labels, unreadable, resources, null);
    }

    private Subject subject(ImageRef ref, Manifest m, Map<String, String> labels, String unreadable,
                            ResourceRequest resources, CompletableFuture<List<CosignSignatures.Entry>> prefetched) {
        return new Subject(ref, m, labels, unreadable, resources, keys -> m == null ? Set.of()
                : prefetched != null && m.digest().equals(ref.digest())
                ? signatures.validSigners(ref.host(), ref.repository(), m.digest(), keys, joined(prefetched))
                : signatures.validSigners(ref.host(), ref.repository(), m.digest(), keys));
    }

    /**
     * For an image named by digest whose signatures the policy asks for, the signature tag (named after that
     * digest) is read at the same time as the manifest rather than after it. Judged only once the manifest read
     * confirmed the digest; a tag is resolved first, so it gets no prefetch.
     */
    private CompletableFuture<List<CosignSignatures.Entry>> prefetchSignatures(ImageRef ref) {
        if (ref.digest() == null || policy.rules().stream().noneMatch(r -> r instanceof Rule.Signatures)) {
            return null;
        }
        return CompletableFuture.supplyAsync(() -> signatures.entries(ref.repository(), ref.digest()), PREFETCH);
    }

    private static List<CosignSignatures.Entry> joined(CompletableFuture<List<CosignSignatures.Entry>> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
