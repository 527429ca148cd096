package io.gef.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import io.gef.errors.GefException;
import io.gef.policy.CosignSignatures;
import io.gef.policy.PolicyService;
import io.gef.registry.Manifest;
import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryException;
import io.gef.store.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The publishing pipeline: build the context (or load a {@code docker save} tarball) → validate the annotations
 * → policy → refuse to overwrite a published version with other content → push → read the digest back from the
 * registry → sign it → catalog. Nothing reaches the registry unless every check before the push passed.
 */
final class Publisher {
    private final DockerClient docker;
    private final RegistryClient registry;
    private final String namespace;
    private final PolicyService policy;
    private final CosignSignatures signatures;
    private final KeyPair signingKey;
    private final CatalogStore catalog;
    private final Clock clock;
    private final BuildLimits limits;

    Publisher(DockerClient docker, RegistryClient registry, String namespace, PolicyService policy,
              KeyPair signingKey, CatalogStore catalog, Clock clock, BuildLimits limits) {
        this.limits = limits;
        this.docker = docker;
        this.registry = registry;
        this.namespace = namespace;
        this.policy = policy;
        this.signatures = new CosignSignatures(registry);
        this.signingKey = signingKey;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Runs the pipeline; {@code update} records progress on the build. Returns the finished build. */
    Build publish(Build build, Path tar, BuildLog log, UnaryOperator<Build> update) throws Exception {
        String imageId = isDockerSave(tar) ? load(tar, log) : build(tar, log);
        InspectImageResponse image = docker.inspectImageCmd(imageId).exec();
        Map<String, String> labels = image.getConfig() == null || image.getConfig().getLabels() == null ? Map.of()
                : image.getConfig().getLabels();
        ServiceSpec spec;
        List<String> warnings;
        try {
            warnings = LabelKeys.check(labels);
            spec = ServiceSpec.fromLabels(labels);
        } catch (GefException e) {
            log.add("annotations invalid: " + e.getMessage());
            return build.failed(null, e.getMessage(), clock.instant());
        }
        warnings.forEach(w -> log.add("warning: " + w));
        String repo = namespace + "/" + spec.name();
        String target = registry.host() + "/" + repo + ":" + spec.version();
        Build named = update.apply(build.named(spec.name(), spec.displayName(), spec.version(), target, warnings));
        String taken = catalog.displayNameOf(spec.name()).filter(d -> !d.equals(spec.displayName())).orElse(null);
        if (taken != null) {
            log.add("refused: the id " + spec.name() + " belongs to service '" + taken + "'");
            return named.failed(Build.Outcome.CONFLICT, ServiceSpec.P + "name '" + spec.displayName()
                    + "' gives the id '" + spec.name() + "', which service '" + taken + "' already has: choose"
                    + " another name", clock.instant());
        }
        long size = image.getSize() == null ? 0 : image.getSize();
        var decision = policy.evaluatePublish(target, labels, size);
        named = update.apply(named.withPolicy(JsonCodec.tree(decision)));
        if (!decision.allowed()) {
            log.add("policy denies publishing: " + decision.summary());
            return named.failed(null, "the registry policy denies publishing " + target + ": " + decision.summary(),
                    clock.instant());
        }
        Manifest existing = existing(repo, spec.version());
        if (existing != null && !existing.configDigest().equals(image.getId())) {
            log.add("refused: " + target + " is already published with other content");
            return named.failed(Build.Outcome.CONFLICT, spec.name() + " " + spec.version() + " is already published"
                    + " with other content (" + existing.digest() + "); versions are immutable: publish a new"
                    + " version", clock.instant());
        }
        Build.Outcome outcome = Build.Outcome.UNCHANGED;
        if (existing == null) {
            push(imageId, registry.host() + "/" + repo, spec.version(), log);
            outcome = Build.Outcome.PUBLISHED;
        } else {
            log.add(target + " is already published with identical content: nothing pushed");
        }
        Manifest pushed = registry.manifest(repo, spec.version());
        if (!pushed.configDigest().equals(image.getId())) {
            throw new IllegalStateException("the registry holds " + pushed.configDigest() + " for " + target
                    + ", not the built image " + image.getId());
        }
        signatures.sign(registry.host(), repo, pushed.digest(), signingKey);
        log.add("signed " + repo + "@" + pushed.digest());
        if (catalog.get(spec.name(), spec.version()).isEmpty()) {
            catalog.insert(new PublishedVersion(spec.name(), spec.version(), pushed.digest(), target,
                    image.getId(), labels, pushed.totalLayerBytes(), build.owner(), clock.instant(), null));
        }
        log.add(outcome + " " + repo + "@" + pushed.digest());
        return named.succeeded(outcome, pushed.digest(), clock.instant());
    }

    private Manifest existing(String repo, String version) {
        try {
            return registry.manifest(repo, version);
        } catch (RegistryException e) {
            if (e.notFound()) {
                return null;
            }
            throw e;
        }
    }

    /** Builds sandboxed by {@link BuildLimits}; a build over its time is cancelled and fails naming the limit. */
    private String build(Path tar, BuildLog log) throws IOException, InterruptedException {
        AtomicReference<String> error = new AtomicReference<>();
        try (InputStream in = Files.newInputStream(tar)) {
            var cmd = docker.buildImageCmd().withTarInputStream(in).withPull(false).withRemove(true)
                    .withForcerm(true).withNetworkMode(limits.network());
            if (limits.memoryMb() > 0) {
                cmd.withMemory(limits.memoryMb() << 20).withMemswap(limits.memoryMb() << 20);
            }
            int cpus = Math.min(limits.cpus(), Runtime.getRuntime().availableProcessors());
            if (cpus > 0) {
                cmd.withCpusetcpus(cpus == 1 ? "0" : "0-" + (cpus - 1));
            }
            BuildImageResultCallback callback = cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null && !item.getStream().isBlank()) {
                        log.add(item.getStream().stripTrailing());
                    }
                    if (item.getErrorDetail() != null) {
                        error.set(item.getErrorDetail().getMessage());
                        log.add("error: " + item.getErrorDetail().getMessage());
                    }
                    super.onNext(item);
                }
            });
            if (!callback.awaitCompletion(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                callback.close(); // the engine cancels a build whose client went away
                throw new IllegalStateException("the build ran longer than gef.build.timeout-seconds="
                        + limits.timeout().toSeconds() + " and was cancelled");
            }
            try {
                return callback.awaitImageId();
            } catch (com.github.dockerjava.api.exception.DockerClientException e) {
                throw new IllegalStateException(limits.explain(error.get() != null ? error.get() : e.getMessage()),
                        e);
            }
        }
    }

    /** {@code docker save} output: the image id is the config digest named in manifest.json. */
    private String load(Path tar, BuildLog log) throws IOException {
        String config = null;
        try (var t = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                if (e.getName().equals("manifest.json")) {
                    JsonNode m = JsonCodec.mapper().readTree(t.readAllBytes());
                    config = m.path(0).path("Config").asText();
                }
            }
        }
        if (config == null || config.isBlank()) {
            throw new IllegalArgumentException("the docker save tarball has no usable manifest.json");
        }
        try (InputStream in = Files.newInputStream(tar)) {
            docker.loadImageCmd(in).exec();
        }
        String hex = config.replaceAll(".*/", "").replace(".json", "");
        log.add("loaded image sha256:" + hex);
        return "sha256:" + hex;
    }

    private void push(String imageId, String repository, String tag, BuildLog log) throws InterruptedException {
        docker.tagImageCmd(imageId, repository, tag).exec();
        AtomicReference<String> error = new AtomicReference<>();
        var cmd = docker.pushImageCmd(repository).withTag(tag);
        // the engine pushes with a token GEF minted for this one repository: the registry takes no other writes
        registry.tokens().ifPresent(t -> cmd.withAuthConfig(new AuthConfig().withRegistryAddress(registry.host())
                .withRegistrytoken(t.push(repository.substring(registry.host().length() + 1)))));
        cmd.exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.getErrorDetail() != null) {
                    error.set(item.getErrorDetail().getMessage());
                } else if (item.getStatus() != null && item.getProgressDetail() == null) {
                    log.add("push: " + item.getStatus() + (item.getId() == null ? "" : " " + item.getId()));
                }
            }
        }).awaitCompletion(30, TimeUnit.MINUTES);
        if (error.get() != null) {
            throw new IllegalStateException("push of " + repository + ":" + tag + " failed: " + error.get());
        }
    }

    static boolean isDockerSave(Path tar) throws IOException {
        try (var t = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                if (e.getName().equals("manifest.json") || e.getName().equals("./manifest.json")) {
                    return true;
                }
            }
        }
        return false;
    }
}
