package io.gef.bench;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import io.gef.engine.DockerEngine;
import java.util.Map;

/**
 * The floor: docker-java create, start, wait, remove of the image, no sandbox, no logs. The engine's default
 * network unless {@code networkMode} is given ("none" isolates the cost of GEF's own steps: joining the default
 * bridge network costs a veth pair per container, which the sandbox's network "none" does not pay).
 */
final class BareDockerJava implements Measurement {
    private final DockerEngine engine;
    private final String image;
    private final String networkMode;

    BareDockerJava(DockerEngine engine, String image, String networkMode) {
        this.engine = engine;
        this.image = image;
        this.networkMode = networkMode;
    }

    @Override
    public String name() {
        return networkMode == null ? "docker-java" : "docker-java (network " + networkMode + ")";
    }

    @Override
    public void once() {
        var client = engine.client();
        var create = client.createContainerCmd(image).withCmd("true")
                .withLabels(Map.of(JobLatencyBench.BENCH_LABEL, "bench"));
        if (networkMode != null) {
            create.withHostConfig(HostConfig.newHostConfig().withNetworkMode(networkMode));
        }
        String id = create.exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int code = client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
            if (code != 0) {
                throw new IllegalStateException("bare container exited " + code);
            }
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
