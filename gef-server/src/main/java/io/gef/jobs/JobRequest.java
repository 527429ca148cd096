package io.gef.jobs;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/jobs}. {@link #validated()} checks everything that does not need the service's
 * annotations and names the bad field; the service-specific checks (declared inputs, parameter types) follow.
 */
public record JobRequest(String service, Map<String, InputRequest> inputs, Map<String, Object> parameters,
                         Resources resources, String name, Map<String, String> tags) {
    static final int MAX_INLINE_BYTES = 1 << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /**
     * One input: exactly one of volume, dataset, url or content; {@code path} selects a sub-path of the first two;
     * {@code sha256} (64 lower-case hex digits, url only) is what the fetched file must hash to, else the job fails
     * before it runs.
     */
    public record InputRequest(String volume, String dataset, String path, String url, String content, String sha256) {
        public InputRequest(String volume, String dataset, String path, String url, String content) {
            this(volume, dataset, path, url, content, null);
        }

        String kind() {
            return volume != null ? "volume" : dataset != null ? "dataset" : url != null ? "url" : "content";
        }
    }

    public JobRequest validated() {
        if (service == null || service.isBlank()) {
            throw new GefException(ErrorCode.BAD_FIELD, "service is required: a service name, name:version, or an image"
                    + " pinned by digest (registry/repo@sha256:...)");
        }
        if (name != null && name.length() > 200) {
            throw new GefException(ErrorCode.BAD_FIELD, "name is longer than 200 characters");
        }
        Map<String, InputRequest> in = inputs == null ? Map.of() : inputs;
        in.forEach(JobRequest::checkInput);
        Map<String, String> t = tags == null ? Map.of() : tags;
        if (t.size() > 32) {
            throw new GefException(ErrorCode.BAD_FIELD, "tags: at most 32");
        }
        t.forEach((k, v) -> {
            if (!TAG_KEY.matcher(k).matches()) {
                throw new GefException(ErrorCode.BAD_FIELD, "tags." + k
                        + ": keys are letters, digits, '_', '.', '-' (<= 100)");
            }
            if (v == null || v.length() > 400) {
                throw new GefException(ErrorCode.BAD_FIELD, "tags." + k
                        + ": value must be a string of at most 400 characters");
            }
        });
        Resources r = resources == null ? Resources.NONE : resources.validated();
        return new JobRequest(service.trim(), new LinkedHashMap<>(in),
                parameters == null ? Map.of() : parameters, r, name, t);
    }

    private static void checkInput(String inputName, InputRequest i) {
        String f = "inputs." + inputName;
        if (i == null) {
            throw new GefException(ErrorCode.BAD_FIELD, f + " must be an object with volume, dataset, url or content");
        }
        int given = (i.volume() != null ? 1 : 0) + (i.dataset() != null ? 1 : 0) + (i.url() != null ? 1 : 0)
                + (i.content() != null ? 1 : 0);
        if (given != 1) {
            throw new GefException(ErrorCode.BAD_FIELD, f + " needs exactly one of volume, dataset, url or content");
        }
        if (i.path() != null && i.volume() == null && i.dataset() == null) {
            throw new GefException(ErrorCode.BAD_FIELD, f + ".path only goes with a volume or a dataset");
        }
        if (i.path() != null) {
            checkSubPath(f + ".path", i.path());
        }
        if (i.url() != null) {
            URI u;
            try {
                u = URI.create(i.url());
            } catch (IllegalArgumentException e) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ".url is not a valid URL");
            }
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ".url must be an http or https URL with a host");
            }
        }
        if (i.sha256() != null && (i.url() == null || !SHA256.matcher(i.sha256()).matches())) {
            throw new GefException(ErrorCode.BAD_FIELD, f + ".sha256 goes with a url and is 64 lower-case hex digits");
        }
        if (i.content() != null && i.content().length() > MAX_INLINE_BYTES) {
            throw new GefException(ErrorCode.BAD_FIELD, f
                    + ".content is larger than 1 MiB: upload it into a volume instead");
        }
    }

    /** A relative path inside a volume or dataset: no '..', no absolute path, no backslash or NUL. */
    static void checkSubPath(String field, String p) {
        if (p.isEmpty() || p.length() > 1024 || p.startsWith("/") || p.contains("\\") || p.indexOf('\0') >= 0) {
            throw new GefException(ErrorCode.BAD_FIELD, field
                    + " must be a relative path inside the volume or dataset");
        }
        for (String seg : p.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new GefException(ErrorCode.BAD_FIELD, field + " must not contain '.' or '..' segments");
            }
        }
    }
}
