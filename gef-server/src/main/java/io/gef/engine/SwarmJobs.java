package io.gef.engine;

import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Service;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.registry.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ContainerRunner} does on a swarm manager: jobs as services ({@link SwarmRun}), found and removed by
 * their {@code gef.instance} and {@code gef.job.id} labels, and the shared-disk check of every node.
 */
final class SwarmJobs {
    private static final Logger log = LoggerFactory.getLogger(SwarmJobs.class);
    private static final String MARKER = ".gef-swarm-check";
    private final SwarmServices services;
    private final SwarmNodes nodes;
    private final com.github.dockerjava.api.DockerClient client;
    private final String instanceId;
    private final SwarmSettings settings;

    SwarmJobs(DockerEngine engine, String instanceId, SwarmSettings settings,
              Function<ImageRef, Optional<AuthConfig>> pullAuth) {
        this.client = engine.client();
        this.nodes = new SwarmNodes(client);
        this.services = new SwarmServices(client, pullAuth, nodes::selfId);
        this.instanceId = instanceId;
        this.settings = settings;
    }

    SwarmNodes nodes() {
        return nodes;
    }

    RunOutcome run(ContainerSpec spec, RunListener listener, RunHandle handle, BooleanSupplier shuttingDown,
                   BooleanSupplier keepStopped) {
        return newRun(spec, listener, handle, shuttingDown, keepStopped).execute();
    }

    /** The job's service if a previous process made one; empty when there is none. */
    Optional<Service> serviceOf(String jobId) {
        return services.withLabels(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId, ContainerSpec.LABEL_JOB_ID,
                jobId)).stream().findFirst();
    }

    RunOutcome resume(Service service, ContainerSpec spec, long skipOut, long skipErr, RunListener listener,
                      RunHandle handle, BooleanSupplier shuttingDown, BooleanSupplier keepStopped) {
        Map<String, String> labels = service.getSpec() == null || service.getSpec().getLabels() == null ? Map.of()
                : service.getSpec().getLabels();
        int attempt = Integer.parseInt(labels.getOrDefault(SwarmServices.LABEL_ATTEMPT, "1"));
        return newRun(spec, listener, handle, shuttingDown, keepStopped).resume(service.getId(), attempt, skipOut,
                skipErr);
    }

    private SwarmRun newRun(ContainerSpec spec, RunListener listener, RunHandle handle, BooleanSupplier shuttingDown,
                            BooleanSupplier keepStopped) {
        return new SwarmRun(services, nodes, client, instanceId, spec, listener, handle, shuttingDown, keepStopped,
                settings.nodeLost());
    }

    /** Cancel: the service goes, and its task's container with it. */
    void cancel(String serviceId) {
        services.remove(serviceId);
    }

    List<String> jobIds() {
        var ids = new TreeSet<String>();
        for (Service s : services.withLabels(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId))) {
            String id = s.getSpec() == null || s.getSpec().getLabels() == null ? null
                    : s.getSpec().getLabels().get(ContainerSpec.LABEL_JOB_ID);
            if (id != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    int reap(String jobId) {
        int removed = 0;
        for (Service s : services.withLabels(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId,
                ContainerSpec.LABEL_JOB_ID, jobId))) {
            try {
                services.remove(s.getId());
                removed++;
                log.info("reaped service {} of job {}", s.getId(), jobId);
            } catch (RuntimeException e) {
                throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot remove the service of job " + jobId, e);
            }
        }
        return removed;
    }

    /**
     * Checks that every ready node sees {@code dir} (the disk all nodes mount at the same path): a tiny job pinned
     * to each node reads a marker file just written there. A node that fails is refused (no job is placed there)
     * with the reason; returns the refused nodes by id.
     */
    Map<String, String> checkSharedDisk(Path dir, String image) {
        String token = UUID.randomUUID().toString();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), token + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the shared-disk marker in " + dir, e);
        }
        Map<String, String> failed = new ConcurrentHashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SwarmNodes.Node n : nodes.list()) {
                if (!"ready".equals(n.state()) || !"active".equals(n.availability())) {
                    continue;
                }
                pool.submit(() -> checkOne(n, dir, image, token).ifPresentOrElse(why -> {
                    failed.put(n.id(), why);
                    nodes.refuse(n.id(), why);
                }, () -> nodes.accept(n.id())));
            }
        }
        failed.forEach((id, why) -> log.warn("swarm node {} refused: {}", id, why));
        return new TreeMap<>(failed);
    }

    private Optional<String> checkOne(SwarmNodes.Node node, Path dir, String image, String token) {
        var out = new StringBuilder();
        RunListener capture = new RunListener() {
            @Override
            public void line(LogStream stream, String line) {
                synchronized (out) {
                    out.append(line).append('\n');
                }
            }
        };
        // unique: a check a killed server left behind (another instance's, perhaps) must not block this one
        ContainerSpec spec = ContainerSpec.of("gef-disk-check-" + node.id() + "-" + token.substring(0, 8), image)
                .withCommand("cat", "/gef-check/" + MARKER)
                .withMounts(List.of(Mount.readOnly(dir, "/gef-check")))
                .withSandbox(Sandbox.defaults().withResources(null, null, 120L))
                .withPlacement(List.of("node.id==" + node.id()));
        RunOutcome outcome = new SwarmRun(services, nodes, client, instanceId, spec, capture, new RunHandle(),
                () -> false, () -> false, SwarmSettings.NodeLost.FAIL).execute();
        String seen;
        synchronized (out) {
            seen = out.toString().trim();
        }
        if (outcome.succeeded() && seen.equals(token)) {
            return Optional.empty();
        }
        String what = switch (outcome) {
            case RunOutcome.Failed f -> f.reason();
            case RunOutcome.Exited e -> "the check exited with " + e.exitCode() + (e.exitCode() == 0
                    ? " but read another marker (" + seen + "): this node mounts another disk there" : ": " + seen);
            default -> outcome.toString();
        };
        return Optional.of("node " + node.name() + " does not see the shared disk at " + dir + ": " + what);
    }
}
