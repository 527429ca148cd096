package io.gef.tes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.JobStep;
import io.gef.jobs.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the parts of a submitted task that need nothing but the task itself and turns them into GEF terms:
 * executors into steps (images pinned by {@link TesImages}), resources, tags. Every error names the field the way
 * the specification writes it ({@code executors[0].image}).
 */
final class TesRequest {
    /** The {@code backend_parameters} GEF understands (service-info lists them). */
    static final List<String> BACKEND_PARAMETERS = List.of("timeout_seconds");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    private static final Set<String> TYPES = Set.of("FILE", "DIRECTORY");

    private TesRequest() {
    }

    static List<JobStep> steps(TesTask task, TesImages images) {
        if (task.executors() == null || task.executors().isEmpty()) {
            throw bad("executors: at least one executor is required");
        }
        List<JobStep> out = new ArrayList<>();
        for (int i = 0; i < task.executors().size(); i++) {
            TesTask.Executor e = task.executors().get(i);
            String f = "executors[" + i + "]";
            if (e == null) {
                throw bad(f + " must be an object");
            }
            if (e.command() == null || e.command().isEmpty() || e.command().stream().anyMatch(a -> a == null)) {
                throw bad(f + ".command is required: the program and its arguments");
            }
            absolute(f + ".workdir", e.workdir());
            absolute(f + ".stdin", e.stdin());
            absolute(f + ".stdout", e.stdout());
            absolute(f + ".stderr", e.stderr());
            Map<String, String> env = e.env() == null ? Map.of() : e.env();
            env.forEach((k, v) -> {
                if (!ENV_NAME.matcher(k).matches() || v == null) {
                    throw bad(f + ".env." + k + ": names are letters, digits and '_' (not first a digit), values"
                            + " strings");
                }
            });
            out.add(new JobStep(images.pin(f + ".image", e.image()), e.command(), e.workdir(), e.stdin(),
                    e.stdout(), e.stderr(), env, Boolean.TRUE.equals(e.ignore_error())));
        }
        return out;
    }

    /** cpu_cores and ram_gb become the container's limits; disk_gb cannot be enforced on this engine. */
    static Resources resources(TesTask.Resources r) {
        if (r == null) {
            return Resources.NONE;
        }
        Map<String, String> params = r.backend_parameters() == null ? Map.of() : r.backend_parameters();
        if (Boolean.TRUE.equals(r.backend_parameters_strict())) {
            params.keySet().stream().filter(k -> !BACKEND_PARAMETERS.contains(k)).findFirst().ifPresent(k -> {
                throw bad("resources.backend_parameters." + k + " is not supported by this server (supported: "
                        + String.join(", ", BACKEND_PARAMETERS) + ") and backend_parameters_strict is true");
            });
        }
        if (r.cpu_cores() != null && r.cpu_cores() <= 0) {
            throw bad("resources.cpu_cores must be at least 1");
        }
        if (r.ram_gb() != null && (r.ram_gb().isNaN() || r.ram_gb() <= 0 || r.ram_gb() > 1024)) {
            throw bad("resources.ram_gb must be > 0 and <= 1024");
        }
        if (r.disk_gb() != null && (r.disk_gb().isNaN() || r.disk_gb() < 0)) {
            throw bad("resources.disk_gb must not be negative");
        }
        Integer timeout = null;
        if (params.containsKey("timeout_seconds")) {
            try {
                timeout = Integer.parseInt(params.get("timeout_seconds"));
            } catch (NumberFormatException e) {
                throw bad("resources.backend_parameters.timeout_seconds must be a whole number of seconds");
            }
        }
        return new Resources(r.cpu_cores() == null ? null : r.cpu_cores().doubleValue(),
                r.ram_gb() == null ? null : (int) Math.ceil(r.ram_gb() * 1024), timeout).validated();
    }

    /** Tags as given; a key holds no '=' (the native tag filter is {@code key=value}). */
    static Map<String, String> tags(Map<String, String> tags) {
        Map<String, String> t = tags == null ? Map.of() : tags;
        if (t.size() > 32) {
            throw bad("tags: at most 32");
        }
        t.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 100 || k.contains("=") || v == null || v.length() > 400) {
                throw bad("tags." + k + ": keys are 1-100 characters without '=', values strings of at most 400");
            }
        });
        return new LinkedHashMap<>(t);
    }

    static String type(String field, String type) {
        if (type != null && !TYPES.contains(type)) {
            throw bad(field + ".type must be FILE or DIRECTORY");
        }
        return type == null ? "FILE" : type;
    }

    /** An absolute, normalised container path (null passes: the field is optional). */
    static void absolute(String field, String path) {
        if (path == null) {
            return;
        }
        if (!path.startsWith("/") || path.contains("\0") || path.length() > 1024
                || List.of(path.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw bad(field + " must be an absolute path inside the container without '.' or '..'");
        }
    }

    static GefException bad(String message) {
        return new GefException(ErrorCode.BAD_FIELD, message);
    }
}
