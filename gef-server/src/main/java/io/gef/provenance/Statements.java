package io.gef.provenance;

import io.gef.jobs.Job;
import io.gef.jobs.JobInput;
import io.gef.jobs.JobOutput;
import io.gef.jobs.VolumeAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-toto Statement v1 with a SLSA Provenance v1 predicate for one job (layout in docs/provenance.md).
 * Subjects are the output files, named {@code <output>/<path>}.
 */
final class Statements {
    static final String BUILD_TYPE = "https://github.com/EUDAT-B2HANDLE/gef/job/v1";
    static final String BUILDER = "https://github.com/EUDAT-B2HANDLE/gef/server/0.1.0";

    private Statements() {
    }

    /** Run context the job record does not hold. */
    record RunInfo(String engine, String engineVersion, String host) {
    }

    /**
     * @param consumed  the statements of the jobs whose outputs this one read: job id to sha256 of the payload
     * @param placement why the job ran on its engine, and the input volumes copied there for it
     */
    static Map<String, Object> of(Job job, Map<String, List<VolumeAccess.FileDigest>> outputFiles, RunInfo run,
                                  String configDigest, Map<String, String> consumed, Map<String, Object> placement) {
        List<Object> subjects = new ArrayList<>();
        for (JobOutput o : job.outputs()) {
            for (VolumeAccess.FileDigest f : outputFiles.getOrDefault(o.name(), List.of())) {
                subjects.add(Map.of("name", o.name() + "/" + f.path(), "digest", Map.of("sha256", f.sha256())));
            }
        }
        List<Object> inputs = new ArrayList<>();
        for (JobInput in : job.inputs()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("name", in.name());
            i.put("kind", in.kind());
            i.put("digest", in.digest());
            putIfPresent(i, "volume", in.volumeId());
            putIfPresent(i, "dataset", in.dataset());
            putIfPresent(i, "path", in.path());
            putIfPresent(i, "url", in.url());
            inputs.add(i);
        }
        Map<String, Object> external = new LinkedHashMap<>();
        external.put("image", job.image());
        external.put("requested", job.service());
        external.put("service", Map.of("name", nz(job.serviceName()), "version", nz(job.serviceVersion())));
        external.put("parameters", job.parameters());
        external.put("inputs", inputs);
        external.put("command", job.command());
        external.put("env", job.env());
        if (!job.steps().isEmpty()) {
            external.put("steps", job.steps()); // a TES task: every executor, in order
        }
        Map<String, Object> internal = new LinkedHashMap<>();
        // host paths say where this server keeps files, nothing about what ran: a replay elsewhere needs none
        internal.put("sandbox", job.withoutHostPaths().sandbox());
        internal.put("policy", job.policy());
        internal.put("policyDigest", job.policy() == null ? null : job.policy().path("policyDigest").asText(null));
        String digest = job.image().substring(job.image().indexOf('@') + 1);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("invocationId", job.id());
        metadata.put("startedOn", String.valueOf(job.startedAt()));
        metadata.put("finishedOn", String.valueOf(job.endedAt()));
        Map<String, Object> runDetails = new LinkedHashMap<>();
        runDetails.put("builder", Map.of("id", BUILDER));
        runDetails.put("metadata", metadata);
        // the engine the job was placed on (several may be configured); the version is known for the local one
        String engine = job.engine() == null ? run.engine() : job.engine();
        String version = java.util.Objects.equals(engine, run.engine()) ? nz(run.engineVersion()) : "";
        runDetails.put("byproducts", List.of(Map.of("name", "run", "content", Map.of(
                "engine", nz(engine), "engineVersion", version,
                "host", nz(run.host()), "placement", placement,
                "state", job.state().name(), "exitCode", job.exitCode() == null ? -1 : job.exitCode()))));
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("buildDefinition", Map.of("buildType", BUILD_TYPE, "externalParameters", external,
                "internalParameters", internal, "resolvedDependencies", dependencies(job.image(), digest,
                        configDigest, consumed)));
        predicate.put("runDetails", runDetails);
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", subjects);
        statement.put("predicateType", "https://slsa.dev/provenance/v1");
        statement.put("predicate", predicate);
        return statement;
    }

    /** The image manifest and, when the registry told it, the image config (= the engine's image id). */
    private static List<Object> dependencies(String image, String manifestDigest, String configDigest,
                                             Map<String, String> consumed) {
        List<Object> deps = new ArrayList<>();
        deps.add(Map.of("uri", "oci://" + image, "name", "manifest", "digest",
                Map.of("sha256", manifestDigest.replace("sha256:", ""))));
        if (configDigest != null) {
            deps.add(Map.of("uri", "oci://" + image + "#config", "name", "config", "digest",
                    Map.of("sha256", configDigest.replace("sha256:", ""))));
        }
        // a pipeline step names the signed statements of the steps whose outputs it read
        consumed.forEach((jobId, sha) -> deps.add(Map.of("uri", "gef:job/" + jobId + "/provenance", "name",
                "statement of " + jobId, "digest", Map.of("sha256", sha))));
        return deps;
    }

    private static void putIfPresent(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
