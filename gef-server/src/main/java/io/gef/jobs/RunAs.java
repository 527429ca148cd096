package io.gef.jobs;

import io.gef.engine.ContainerRunner;
import java.util.regex.Pattern;

/**
 * The user a job's container runs as, chosen from the policy's {@code job-user} rule, the image's own
 * {@code USER} and whether the engine remaps user namespaces:
 * <ul>
 *   <li>{@code gef-user}: always {@code 1000:1000};</li>
 *   <li>{@code image-user}: the image's USER when it is a numeric non-root {@code uid[:gid]}, else 1000:1000;</li>
 *   <li>{@code remapped-root}: like image-user, but an image without USER (or USER root) runs as uid 0 when the
 *   engine remaps user namespaces, where uid 0 is an unprivileged host uid; never as host root.</li>
 * </ul>
 *
 * @param reason why, for the job's events
 */
record RunAs(long uid, long gid, String reason) {
    static final long GEF_UID = 1000;
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,9})(?::(\\d{1,9}))?");

    String user() {
        return uid + ":" + gid;
    }

    boolean root() {
        return uid == 0;
    }

    /** The user {@code job} runs as on {@code runner}: its policy's rule, its image's user and the namespace. */
    static RunAs forJob(ContainerRunner runner, Job job, boolean remapped) {
        String rule = job.policy() == null ? null : job.policy().path("jobUser").asText(null);
        try {
            return choose(rule, runner.imageUser(job.image()), remapped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while inspecting the image", e);
        }
    }

    static RunAs choose(String rule, String imageUser, boolean remapped) {
        String u = imageUser == null ? "" : imageUser.trim();
        if (rule == null || rule.equals("gef-user")) {
            return gef("the policy runs every job as the GEF user");
        }
        boolean root = u.isEmpty() || u.equals("root") || u.equals("0") || u.startsWith("0:")
                || u.startsWith("root:");
        if (root) {
            if (rule.equals("remapped-root") && remapped) {
                return new RunAs(0, 0, "the image runs as root; uid 0 is remapped to an unprivileged host uid");
            }
            return gef("the image runs as root, which the "
                    + (rule.equals("remapped-root") ? "engine cannot remap (no --userns-remap)" : "policy does not allow"));
        }
        var m = NUMERIC.matcher(u);
        if (!m.matches()) {
            return gef("the image's USER '" + u + "' is not numeric");
        }
        long uid = Long.parseLong(m.group(1));
        long gid = m.group(2) == null ? uid : Long.parseLong(m.group(2));
        return new RunAs(uid, gid, "the image's own USER");
    }

    private static RunAs gef(String reason) {
        return new RunAs(GEF_UID, GEF_UID, reason);
    }
}
