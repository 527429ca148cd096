package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import io.gef.registry.ImageRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Makes sure a pinned image is on the engine, pulling it by digest when missing. Remembers which digests are
 * present, so a run costs no image round trip once its image was seen: a digest names immutable content, and if
 * someone removes the image anyway, container creation fails and the runner calls {@link #forget} and retries.
 */
final class ImageCache {
    private final DockerClient client;
    private final Function<ImageRef, Optional<AuthConfig>> auth;
    private final Duration pullTimeout;
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final Map<String, String> users = new ConcurrentHashMap<>();

    ImageCache(DockerClient client, Function<ImageRef, Optional<AuthConfig>> auth, Duration pullTimeout) {
        this.client = client;
        this.auth = auth;
        this.pullTimeout = pullTimeout;
    }

    /** Basic credentials when configured; with GEF's token key, a pull-only token for exactly the repository. */
    static Function<ImageRef, Optional<AuthConfig>> authFor(RunnerSettings settings) {
        Optional<AuthConfig> basic = settings.registryUsername().map(user -> new AuthConfig()
                .withRegistryAddress(settings.registryHost()).withUsername(user)
                .withPassword(settings.registryPassword().orElse("")));
        return settings.registryTokens().isEmpty() ? ref -> basic : ref -> Optional.of(new AuthConfig()
                .withRegistryAddress(settings.registryHost())
                .withRegistrytoken(settings.registryTokens().get().pull(ref.repository())));
    }

    Optional<AuthConfig> auth(ImageRef ref) {
        return auth.apply(ref);
    }

    void ensurePresent(ImageRef ref) throws InterruptedException {
        String pinned = ref.pinned();
        if (present.contains(pinned)) {
            return;
        }
        try {
            client.inspectImageCmd(pinned).exec();
        } catch (NotFoundException e) {
            pull(ref);
        }
        present.add(pinned);
    }

    /** The image's {@code USER} ("" when it sets none), pulling the image first if the engine lacks it. */
    String user(ImageRef ref) throws InterruptedException {
        String known = users.get(ref.pinned());
        if (known != null) {
            return known;
        }
        ensurePresent(ref);
        var config = client.inspectImageCmd(ref.pinned()).exec().getConfig();
        String user = config == null || config.getUser() == null ? "" : config.getUser();
        users.put(ref.pinned(), user);
        return user;
    }

    void forget(ImageRef ref) {
        present.remove(ref.pinned());
    }

    private void pull(ImageRef ref) throws InterruptedException {
        // tag=<digest> is how the engine API pulls by digest: the registry must serve exactly this manifest
        var cmd = client.pullImageCmd(ref.host() + "/" + ref.repository()).withTag(ref.digest());
        auth.apply(ref).ifPresent(cmd::withAuthConfig);
        try (var callback = cmd.exec(new PullImageResultCallback())) {
            if (!callback.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pull did not finish within " + pullTimeout.toSeconds() + " s");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
