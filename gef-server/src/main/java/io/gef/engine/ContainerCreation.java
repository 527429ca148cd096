package io.gef.engine;

import com.github.dockerjava.api.exception.NotFoundException;
import io.gef.registry.ImageRef;

/** Creates a job's container from its spec (labelled, hardened), on the engine's bounded client. */
final class ContainerCreation {
    private ContainerCreation() {
    }

    /** The new container's id; fetches the image once more if it was removed behind the cache's back. */
    static String create(DockerEngine engine, ImageCache images, String instanceId, ContainerSpec spec) {
        ImageRef ref = spec.imageRef();
        try {
            return createContainer(engine, instanceId, spec);
        } catch (NotFoundException e) {
            images.forget(ref);
            try {
                images.ensurePresent(ref);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
            return createContainer(engine, instanceId, spec);
        }
    }

    private static String createContainer(DockerEngine engine, String instanceId, ContainerSpec spec) {
        var cmd = engine.calls().createContainerCmd(spec.image())
                .withUser(spec.user())
                .withWorkingDir(spec.workdir() == null ? "" : spec.workdir()) // "": the image's own
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(spec.containerLabels(instanceId))
                .withHostConfig(HostConfigs.of(spec))
                .withAttachStdin(false)
                .withStdinOpen(false)
                .withTty(false);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        return EngineCalls.call("engine " + engine.name() + ": create a container", DockerEngine.REQUEST_TIMEOUT,
                cmd::exec).getId();
    }
}
