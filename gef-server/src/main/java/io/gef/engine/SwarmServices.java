package io.gef.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.registry.ImageRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Swarm services of one manager: a job's {@link ContainerSpec} becomes a {@code replicated-job} service (API
 * 1.41), the one place where the sandbox becomes real on a swarm. docker-java does not model replicated jobs,
 * {@code CapabilityDrop}, {@code Ulimits} or {@code Pids}, so the create request's body is written from a map
 * ({@link RawSpec}); listing, tasks and removal use docker-java's model. What Swarm cannot enforce is {@link #NOT_ENFORCED}.
 */
final class SwarmServices {
    /** Label on a job's service: which attempt it is (2 after a node was lost and the job retried). */
    static final String LABEL_ATTEMPT = "gef.attempt";
    /** What a plain engine enforces and a Swarm service (API 1.41) cannot; listed by GET /api/engines. */
    static final List<String> NOT_ENFORCED = List.of(
            "network none: Swarm has no 'none' network for services; a job joins its node's default bridge",
            "no-new-privileges: not settable on a Swarm service before API 1.44",
            "no swap: Swarm sets no MemorySwap, so a job may swap up to its memory limit again",
            "out-of-memory is reported as exit code 137: the task does not say that the kernel killed it",
            "/tmp tmpfs mount options noexec,nosuid,nodev: not settable on a Swarm tmpfs mount before API 1.46");
    private static final Logger log = LoggerFactory.getLogger(SwarmServices.class);
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,58}");
    private static final long MIB = 1024L * 1024;
    private final DockerClient client;
    private final Function<ImageRef, Optional<AuthConfig>> pullAuth;
    private final Supplier<String> selfNodeId;

    SwarmServices(DockerClient client, Function<ImageRef, Optional<AuthConfig>> pullAuth, Supplier<String> selfNodeId) {
        this.client = client;
        this.pullAuth = pullAuth;
        this.selfNodeId = selfNodeId;
    }

    /**
     * Creates the job's service (which starts it); returns the service id. The pull credentials go with it (as
     * {@code --with-registry-auth} does): the manager hands them to the node that pulls, which has none of its own.
     */
    String create(ContainerSpec spec, String instanceId, int attempt, List<String> constraints) {
        try {
            var cmd = client.createServiceCmd(new RawSpec(serviceSpec(spec, instanceId, attempt, constraints)));
            pullAuth.apply(ImageRef.parse(spec.image())).ifPresent(cmd::withAuthConfig);
            return cmd.exec().getId();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the swarm manager refused the service: " + e.getMessage(), e);
        }
    }

    /**
     * A service spec written as given: docker-java's model lacks the fields above, so its own properties are left
     * out and the map takes the place of its raw values, which Jackson writes as they are.
     */
    @JsonIgnoreProperties({"Name", "TaskTemplate", "Mode", "UpdateConfig", "Networks", "EndpointSpec", "Labels",
            "RollbackConfig"})
    static final class RawSpec extends ServiceSpec {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Object> fields;

        RawSpec(Map<String, Object> fields) {
            this.fields = Map.copyOf(fields);
        }

        /** docker-java's one any-getter, overridden: these are what Jackson writes. */
        @Override
        public Map<String, Object> getRawValues() {
            return fields;
        }
    }

    static Map<String, Object> serviceSpec(ContainerSpec spec, String instanceId, int attempt,
                                           List<String> constraints) {
        Sandbox s = spec.sandbox();
        Map<String, String> labels = new LinkedHashMap<>(spec.containerLabels(instanceId));
        labels.put(LABEL_ATTEMPT, Integer.toString(attempt));
        List<Map<String, Object>> mounts = new ArrayList<>(spec.mounts().stream().map(m -> Map.<String, Object>of(
                "Type", "bind", "Source", m.hostPath(), "Target", m.containerPath(), "ReadOnly", m.readOnly()))
                .toList());
        if (s.tmpfsMb() > 0) {
            mounts.add(Map.of("Type", "tmpfs", "Target", "/tmp", "TmpfsOptions",
                    Map.of("SizeBytes", s.tmpfsMb() * MIB)));
        }
        var container = new LinkedHashMap<String, Object>();
        container.put("Image", spec.image());
        if (!spec.command().isEmpty()) {
            container.put("Args", spec.command()); // Args replaces CMD and keeps ENTRYPOINT, like docker run
        }
        container.put("Env", spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        container.put("User", spec.user());
        container.put("Labels", labels);
        container.put("ReadOnly", s.readOnlyRootfs());
        container.put("CapabilityDrop", List.of("ALL"));
        container.put("Mounts", mounts);
        container.put("Ulimits", List.of(Map.of("Name", "nofile", "Soft", s.nofile(), "Hard", s.nofile()),
                Map.of("Name", "nproc", "Soft", s.nproc(), "Hard", s.nproc())));
        var task = new LinkedHashMap<String, Object>();
        task.put("ContainerSpec", container);
        task.put("Resources", Map.of("Limits", Map.of("NanoCPUs", HostConfigs.nanoCpus(s.cpus()),
                "MemoryBytes", s.memoryMb() * MIB, "Pids", s.pidsLimit())));
        task.put("RestartPolicy", Map.of("Condition", "none", "MaxAttempts", 0));
        task.put("Placement", Map.of("Constraints", constraints));
        task.put("LogDriver", Map.of("Name", "json-file", "Options", Map.of("max-size", s.logMaxMb() + "m",
                "max-file", Integer.toString(HostConfigs.LOG_FILES))));
        var service = new LinkedHashMap<String, Object>();
        String name = "gef-" + spec.jobId();
        if (SERVICE_NAME.matcher(spec.jobId()).matches()) {
            service.put("Name", name); // a second service for the same job is refused by the manager: no duplicate
        }
        service.put("Labels", labels);
        service.put("TaskTemplate", task);
        service.put("Mode", Map.of("ReplicatedJob", Map.of("MaxConcurrent", 1, "TotalCompletions", 1)));
        return service;
    }

    /** Services carrying all of {@code labels}. */
    List<Service> withLabels(Map<String, String> labels) {
        try {
            return client.listServicesCmd().withLabelFilter(labels).exec();
        } catch (RuntimeException e) {
            throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot list services on the swarm", e);
        }
    }

    /** The service's newest task, or empty while it has none (or the service is gone). */
    Optional<Task> task(String serviceId) {
        return client.listTasksCmd().withServiceFilter(serviceId).exec().stream()
                .max(Comparator.comparing(t -> t.getCreatedAt() == null ? "" : t.getCreatedAt()));
    }

    /** Whether the service still exists. */
    boolean exists(String serviceId) {
        try {
            client.inspectServiceCmd(serviceId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Removes the service; one already gone is not an error. Swarm leaves the exited container of a replicated
     * job behind (moby/moby#42789), so its task's container goes too when it is on the manager's own node; GEF
     * reaches only the manager's engine, so containers on other nodes stay until their node is pruned
     * (docs/swarm.md).
     */
    void remove(String serviceId) {
        Task task = task(serviceId).orElse(null);
        try {
            client.removeServiceCmd(serviceId).exec();
        } catch (NotFoundException e) {
            // already gone
        }
        removeTaskContainer(task);
    }

    private void removeTaskContainer(Task task) {
        String self = selfNodeId.get();
        if (task == null || self == null || !self.equals(task.getNodeId())
                || task.getStatus() == null || task.getStatus().getContainerStatus() == null) {
            return;
        }
        String id = task.getStatus().getContainerStatus().getContainerID();
        if (id == null || id.isBlank()) {
            return;
        }
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            log.warn("could not remove task container {}: {}", id, e.toString());
        }
    }
}
