package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An image that is in the trusted registry but not on the engine is pulled by its digest before the run. */
class ImagePullIT {
    private final EngineFixture fx = new EngineFixture();
    /** One fixed repository: the registry keeps an (empty) repository after its manifests are deleted. */
    private final String repo = "test-engine-pull/img";
    private String pinned;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (pinned != null) {
                // the manifest stays in the registry under its unique test repository: nobody, GEF included, gets
                // "delete" from the registry's token auth (docs/security.md)
                removeLocalImage(pinned);
            }
        } finally {
            fx.close();
        }
    }

    @Test
    void imageMissingOnTheEngine_isPulledByDigest_andRuns() throws Exception {
        pinned = pushFreshImageAndRemoveItLocally();
        assertThat(isPresent(pinned)).as("precondition: not on the engine").isFalse();
        var rec = new EngineFixture.Recorder();

        RunOutcome outcome = fx.runner.run(ContainerSpec.of("job-pull-" + UUID.randomUUID(), pinned)
                .withLabels(EngineFixture.LABELS).withCommand("sh", "-c", "echo pulled"), rec);

        assertThat(outcome.succeeded()).as("outcome %s", outcome).isTrue();
        assertThat(rec.stdout).as("output").containsExactly("pulled");
        assertThat(isPresent(pinned)).as("now on the engine").isTrue();
    }

    /** A new image (base + a label) pushed under a unique repository; returns its pinned reference. */
    private String pushFreshImageAndRemoveItLocally() throws Exception {
        var client = fx.engine.client();
        String tagged = EngineFixture.REGISTRY + "/" + repo;
        String container = client.createContainerCmd(fx.baseImage).withLabels(EngineFixture.LABELS).exec().getId();
        String imageId;
        try {
            imageId = client.commitCmd(container).withRepository(tagged).withTag("1")
                    .withLabels(Map.of("gef.test", "engine", "test.nonce", UUID.randomUUID().toString())).exec();
        } finally {
            client.removeContainerCmd(container).withForce(true).exec();
        }
        try {
            var push = client.pushImageCmd(tagged).withTag("1");
            io.gef.testing.SharedRegistry.tokens().ifPresent(t -> push.withAuthConfig(
                    new com.github.dockerjava.api.model.AuthConfig().withRegistryAddress(EngineFixture.REGISTRY)
                            .withRegistrytoken(t.push(repo))));
            push.exec(new ResultCallback.Adapter<PushResponseItem>())
                    .awaitCompletion(60, TimeUnit.SECONDS);
            String digestRef = client.inspectImageCmd(imageId).exec().getRepoDigests().stream()
                    .filter(d -> d.startsWith(tagged + "@")).findFirst().orElseThrow();
            return digestRef;
        } finally {
            client.removeImageCmd(imageId).withForce(true).exec();
        }
    }

    private boolean isPresent(String ref) {
        try {
            fx.engine.client().inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void removeLocalImage(String ref) {
        try {
            fx.engine.client().removeImageCmd(ref).withForce(true).exec();
        } catch (NotFoundException e) {
            // never pulled: nothing to remove
        }
    }
}
