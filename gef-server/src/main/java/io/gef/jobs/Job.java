package io.gef.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gef.auth.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as stored and as the API shows it.
 *
 * @param service  the reference the user asked for ({@code name[:version]} or {@code registry/repo@sha256:…})
 * @param image    what actually runs: the image pinned by digest, resolved at submission
 * @param sandbox  the effective sandbox and resource settings the container got
 * @param command  the container command rendered from the parameters (empty: the image's own)
 * @param env      the environment rendered from the parameters
 * @param policy   the policy decision taken at submission (each rule's result, policy digest)
 * @param steps    containers run in order in one workspace instead of {@code image}/{@code command} alone (a
 *                 GA4GH TES task's executors); empty for a service job
 */
public record Job(String id, String owner, String name, JobState state, String service, String serviceName,
                  String serviceVersion, String image, String engine, Instant createdAt, Instant startedAt,
                  Instant endedAt, Integer exitCode, JobError error, List<JobInput> inputs, List<JobOutput> outputs,
                  Map<String, Object> parameters, List<String> command, Map<String, String> env,
                  Resources resources, Map<String, String> tags, JsonNode sandbox,
                  JsonNode policy, String replayOf, JsonNode reproducibility, List<JobStep> steps) {

    public Job {
        steps = steps == null ? List.of() : List.copyOf(steps); // documents stored before steps existed
    }

    /**
     * The job as {@code caller} may see it: where the engine's host keeps volumes and datasets is an administrator's
     * detail (dataset host paths are hidden from users too), so non-admins see mounts without host paths.
     */
    public Job shownTo(Caller caller) {
        return caller.isAdmin() ? this : withoutHostPaths();
    }

    /** This job with its sandbox's mounts named by container path only (what provenance records, too). */
    public Job withoutHostPaths() {
        if (sandbox == null || !sandbox.path("mounts").isArray()) {
            return this;
        }
        ObjectNode copy = sandbox.deepCopy();
        copy.withArray("mounts").forEach(m -> ((ObjectNode) m).remove("hostPath"));
        return toBuilder().sandbox(copy).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with-changes for a record with many fields. */
    public static final class Builder {
        private String id, owner, name, service, serviceName, serviceVersion, image, engine, replayOf;
        private JobState state;
        private Instant createdAt, startedAt, endedAt;
        private Integer exitCode;
        private JobError error;
        private List<JobInput> inputs = List.of();
        private List<JobOutput> outputs = List.of();
        private Map<String, Object> parameters = Map.of();
        private List<String> command = List.of();
        private Map<String, String> env = Map.of();
        private Resources resources = Resources.NONE;
        private Map<String, String> tags = Map.of();
        private JsonNode sandbox, policy, reproducibility;
        private List<JobStep> steps = List.of();

        public Builder() {
        }

        private Builder(Job j) {
            id = j.id; owner = j.owner; name = j.name; state = j.state; service = j.service;
            serviceName = j.serviceName; serviceVersion = j.serviceVersion; image = j.image; engine = j.engine;
            createdAt = j.createdAt; startedAt = j.startedAt; endedAt = j.endedAt; exitCode = j.exitCode;
            error = j.error; inputs = j.inputs; outputs = j.outputs; parameters = j.parameters;
            command = j.command; env = j.env;
            resources = j.resources; tags = j.tags; sandbox = j.sandbox; policy = j.policy; replayOf = j.replayOf;
            reproducibility = j.reproducibility;
            steps = j.steps;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder state(JobState v) { state = v; return this; }
        public Builder service(String v) { service = v; return this; }
        public Builder serviceName(String v) { serviceName = v; return this; }
        public Builder serviceVersion(String v) { serviceVersion = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder engine(String v) { engine = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder endedAt(Instant v) { endedAt = v; return this; }
        public Builder exitCode(Integer v) { exitCode = v; return this; }
        public Builder error(JobError v) { error = v; return this; }
        public Builder inputs(List<JobInput> v) { inputs = List.copyOf(v); return this; }
        public Builder outputs(List<JobOutput> v) { outputs = List.copyOf(v); return this; }
        public Builder parameters(Map<String, Object> v) { parameters = Map.copyOf(v); return this; }
        public Builder command(List<String> v) { command = List.copyOf(v); return this; }
        public Builder env(Map<String, String> v) { env = Map.copyOf(v); return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder tags(Map<String, String> v) { tags = Map.copyOf(v); return this; }
        public Builder sandbox(JsonNode v) { sandbox = v; return this; }
        public Builder policy(JsonNode v) { policy = v; return this; }
        public Builder replayOf(String v) { replayOf = v; return this; }
        public Builder reproducibility(JsonNode v) { reproducibility = v; return this; }
        public Builder steps(List<JobStep> v) { steps = List.copyOf(v); return this; }

        public Job build() {
            return new Job(id, owner, name, state, service, serviceName, serviceVersion, image, engine, createdAt,
                    startedAt, endedAt, exitCode, error, inputs, outputs, parameters, command, env, resources, tags, sandbox,
                    policy, replayOf, reproducibility, steps);
        }
    }
}
