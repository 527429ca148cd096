package io.gef.engine;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.registry.ImageRef;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run for one job. Validated on construction; every invalid field is a {@link BadRequest} naming it.
 *
 * @param jobId   unique id of the job; becomes the label {@code gef.job.id}. Letters, digits, '_', '.', '-'
 * @param image   pinned reference {@code host/repository@sha256:<hex>}; tags are refused, so what runs is exactly
 *                what policy approved
 * @param command arguments replacing the image's CMD; empty = the image's default
 * @param env     environment variables
 * @param mounts  bind mounts; container paths must be distinct
 * @param user    numeric {@code uid:gid}; uid 0 only when {@link Sandbox#allowRoot()}
 * @param labels  extra container labels; {@code gef.job.id} and {@code gef.instance} are reserved for the runner
 * @param sandbox isolation and resource limits
 * @param workdir absolute working directory of the command; null: the image's
 * @param placement Swarm placement constraints ({@code node.labels.gef.data==archive-a}); a plain engine has one
 *                  host and ignores them
 */
public record ContainerSpec(String jobId, String image, List<String> command, Map<String, String> env,
                            List<Mount> mounts, String user, Map<String, String> labels, Sandbox sandbox,
                            String workdir, List<String> placement) {
    /** The uid:gid jobs run as unless told otherwise; output directories must be writable by it. */
    public static final String DEFAULT_USER = "1000:1000";
    public static final String LABEL_JOB_ID = "gef.job.id";
    public static final String LABEL_INSTANCE = "gef.instance";
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern USER = Pattern.compile("(\\d{1,10}):(\\d{1,10})");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    private static final Pattern CONSTRAINT = Pattern.compile("node\\.[A-Za-z0-9_.-]+(==|!=)[A-Za-z0-9_.:/-]+");

    /** A spec with the image's working directory and without placement constraints. */
    public ContainerSpec(String jobId, String image, List<String> command, Map<String, String> env,
                         List<Mount> mounts, String user, Map<String, String> labels, Sandbox sandbox) {
        this(jobId, image, command, env, mounts, user, labels, sandbox, null, List.of());
    }

    public ContainerSpec {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw bad("jobId must be 1-128 letters, digits, '_', '.' or '-'");
        }
        image = pinned(image);
        command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
        env = Map.copyOf(Objects.requireNonNullElse(env, Map.of()));
        env.keySet().forEach(k -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw bad("env name '" + k + "' is not a valid variable name");
            }
        });
        mounts = List.copyOf(Objects.requireNonNullElse(mounts, List.of()));
        var targets = new HashSet<String>();
        for (Mount m : mounts) {
            if (!targets.add(m.containerPath())) {
                throw bad("mounts: container path " + m.containerPath() + " is used twice");
            }
        }
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        if (labels.containsKey(LABEL_JOB_ID) || labels.containsKey(LABEL_INSTANCE)) {
            throw bad("labels " + LABEL_JOB_ID + " and " + LABEL_INSTANCE + " are set by the runner");
        }
        if (workdir != null && !workdir.startsWith("/")) {
            throw bad("workdir must be an absolute path, got '" + workdir + "'");
        }
        if (sandbox == null) {
            throw bad("sandbox is required");
        }
        if (sandbox.tmpfsMb() > 0 && targets.contains("/tmp")) {
            throw bad("mounts: /tmp is the sandbox's tmpfs; mount elsewhere");
        }
        var u = USER.matcher(Objects.requireNonNullElse(user, ""));
        if (!u.matches()) {
            throw bad("user must be numeric uid:gid, got '" + user + "'");
        }
        if (Long.parseLong(u.group(1)) == 0 && !sandbox.allowRoot()) {
            throw bad("user: running as root (uid 0) is not allowed by the sandbox");
        }
        placement = List.copyOf(Objects.requireNonNullElse(placement, List.of()));
        placement.forEach(c -> {
            if (!CONSTRAINT.matcher(c).matches()) {
                throw bad("placement constraint '" + c + "' must be node.<field>==<value> or !=");
            }
        });
    }

    /** A spec with the image's command, no env, no mounts, {@link #DEFAULT_USER} and {@link Sandbox#defaults()}. */
    public static ContainerSpec of(String jobId, String image) {
        return new ContainerSpec(jobId, image, List.of(), Map.of(), List.of(), DEFAULT_USER, Map.of(),
                Sandbox.defaults(), null, List.of());
    }

    public ContainerSpec withCommand(List<String> c) {
        return new ContainerSpec(jobId, image, c, env, mounts, user, labels, sandbox, workdir, placement);
    }

    public ContainerSpec withCommand(String... c) {
        return withCommand(List.of(c));
    }

    public ContainerSpec withWorkdir(String w) {
        return new ContainerSpec(jobId, image, command, env, mounts, user, labels, sandbox, w, placement);
    }

    public ContainerSpec withEnv(Map<String, String> e) {
        return new ContainerSpec(jobId, image, command, e, mounts, user, labels, sandbox, workdir, placement);
    }

    public ContainerSpec withMounts(List<Mount> m) {
        return new ContainerSpec(jobId, image, command, env, m, user, labels, sandbox, workdir, placement);
    }

    public ContainerSpec withUser(String u) {
        return new ContainerSpec(jobId, image, command, env, mounts, u, labels, sandbox, workdir, placement);
    }

    public ContainerSpec withLabels(Map<String, String> l) {
        return new ContainerSpec(jobId, image, command, env, mounts, user, l, sandbox, workdir, placement);
    }

    public ContainerSpec withSandbox(Sandbox s) {
        return new ContainerSpec(jobId, image, command, env, mounts, user, labels, s, workdir, placement);
    }

    public ContainerSpec withPlacement(List<String> p) {
        return new ContainerSpec(jobId, image, command, env, mounts, user, labels, sandbox, workdir, p);
    }

    /** The labels the container gets: the spec's plus the job id and the server instance. */
    Map<String, String> containerLabels(String instanceId) {
        var all = new LinkedHashMap<>(labels);
        all.put(LABEL_JOB_ID, jobId);
        all.put(LABEL_INSTANCE, instanceId);
        return all;
    }

    ImageRef imageRef() {
        return ImageRef.parse(image);
    }

    private static String pinned(String image) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            throw new GefException(ErrorCode.BAD_SPEC, "image: " + e.getMessage(), e);
        }
        if (ref.host().isEmpty() || ref.digest() == null || ref.tag() != null) {
            throw bad("image must be pinned as host/repository@sha256:<digest>, got '" + image + "'");
        }
        return ref.pinned();
    }

    private static GefException bad(String message) {
        return new GefException(ErrorCode.BAD_SPEC, message);
    }
}
