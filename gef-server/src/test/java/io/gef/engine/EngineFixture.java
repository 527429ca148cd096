package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real engine and registry for {@code *IT} tests: a runner with a fresh instance id, the base image pinned by
 * its digest, and a leak check. Every container these tests create carries {@code gef.test=engine}.
 */
final class EngineFixture implements AutoCloseable {
    static final String TEST_LABEL = "gef.test";
    static final Map<String, String> LABELS = Map.of(TEST_LABEL, "engine");
    static final String REGISTRY = System.getProperty("gef.registry", "127.0.0.1:5000");
    final DockerEngine engine;
    final String instanceId = "test-engine-" + UUID.randomUUID().toString().substring(0, 8);
    final ContainerRunner runner;
    final String baseImage;

    EngineFixture() {
        this(io.gef.testing.RemappedEngine.MAIN);
    }

    /** On the engine at {@code host}, which must hold the base image. */
    EngineFixture(String host) {
        engine = new DockerEngine("test", host);
        runner = new ContainerRunner(engine, io.gef.testing.SharedRegistry.runner(instanceId), Clock.systemUTC());
        baseImage = pinnedBase();
    }

    /** {@code 127.0.0.1:5000/gef/base@sha256:...}, as the engine knows it. */
    private String pinnedBase() {
        String tagged = REGISTRY + "/gef/base:1";
        List<String> digests = engine.client().inspectImageCmd(tagged).exec().getRepoDigests();
        return digests.stream().filter(d -> d.startsWith(REGISTRY + "/gef/base@")).findFirst()
                .orElseThrow(() -> new IllegalStateException(tagged + " has no repo digest from " + REGISTRY));
    }

    ContainerSpec spec(String... command) {
        return ContainerSpec.of("job-" + UUID.randomUUID(), baseImage).withLabels(LABELS).withCommand(command);
    }

    /** Containers of this fixture's instance still on the engine. */
    List<String> leftovers() {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId, TEST_LABEL, "engine")).exec()
                .stream().map(c -> c.getId()).toList();
    }

    @Override
    public void close() {
        try {
            assertThat(leftovers()).as("containers left behind by instance %s", instanceId).isEmpty();
        } finally {
            // clean up anyway, so one failing test does not leak into the engine
            leftovers().forEach(id -> engine.client().removeContainerCmd(id).withForce(true).exec());
            engine.close();
        }
    }

    /** A listener that records everything, for assertions. */
    static class Recorder implements RunListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> stdout = new CopyOnWriteArrayList<>();
        final List<String> stderr = new CopyOnWriteArrayList<>();
        volatile String containerId;

        @Override
        public void created(String id) {
            containerId = id;
            events.add("created");
        }

        @Override
        public void started() {
            events.add("started");
        }

        @Override
        public void line(LogStream stream, String line) {
            (stream == LogStream.STDOUT ? stdout : stderr).add(line);
        }

        @Override
        public void finished(int exitCode, long ms) {
            events.add("finished:" + exitCode);
        }

        List<String> allLines() {
            var all = new java.util.ArrayList<>(stdout);
            all.addAll(stderr);
            return all;
        }
    }
}
