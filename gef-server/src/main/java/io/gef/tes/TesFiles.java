package io.gef.tes;

import static io.gef.tes.TesRequest.absolute;
import static io.gef.tes.TesRequest.bad;

import io.gef.jobs.JobStep;
import io.gef.jobs.StepsRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where a task's files come from and go: inputs become read-only mounts ({@code content}, {@code http(s)://},
 * {@code file://} under the allowed folders, {@code gef://volumes/ID/PATH}, {@code gef://datasets/NAME/PATH});
 * outputs, task volumes and executor stdout/stderr files need writable folders shared by all executors, which
 * become the job's output volumes.
 */
final class TesFiles {
    private final List<Path> allowedDirs;

    TesFiles(List<Path> allowedDirs) {
        this.allowedDirs = List.copyOf(allowedDirs);
    }

    List<StepsRequest.Input> inputs(TesTask task) {
        List<StepsRequest.Input> out = new ArrayList<>();
        List<TesTask.Input> in = task.inputs() == null ? List.of() : task.inputs();
        for (int i = 0; i < in.size(); i++) {
            TesTask.Input x = in.get(i);
            String f = "inputs[" + i + "]";
            if (x == null || x.path() == null) {
                throw bad(f + ".path is required");
            }
            absolute(f + ".path", x.path());
            boolean file = TesRequest.type(f, x.type()).equals("FILE");
            String name = "input-" + i;
            if (x.content() != null) {
                if (!file || x.content().length() > 1 << 20) {
                    throw bad(f + ".content is for a FILE of at most 1 MiB");
                }
                out.add(new StepsRequest.Input(name, x.path(), true, x.content(), null, null, null, null, null));
                continue;
            }
            if (x.url() == null) {
                throw bad(f + " needs a url or content");
            }
            out.add(fromUrl(f, name, x.path(), file, x.url()));
        }
        return out;
    }

    private StepsRequest.Input fromUrl(String f, String name, String path, boolean file, String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw bad(f + ".url is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        return switch (scheme) {
            case "http", "https" -> new StepsRequest.Input(name, path, file, null, url, null, null, null, null);
            case "file" -> new StepsRequest.Input(name, path, file, null, null, allowed(f + ".url", u).toString(),
                    null, null, null);
            case "gef" -> {
                String sub = u.getPath() == null || u.getPath().length() <= 1 ? null : u.getPath().substring(1);
                if ("volumes".equals(u.getHost())) {
                    yield new StepsRequest.Input(name, path, file, null, null, null, first(sub), null, rest(sub));
                }
                if ("datasets".equals(u.getHost())) {
                    yield new StepsRequest.Input(name, path, file, null, null, null, null, first(sub), rest(sub));
                }
                throw bad(f + ".url: gef URLs are gef://volumes/ID/PATH or gef://datasets/NAME/PATH");
            }
            default -> throw bad(f + ".url: scheme " + scheme + " is not served here (http, https, file under an"
                    + " allowed folder, gef://volumes/…, gef://datasets/…)");
        };
    }

    /** A {@code file://} path must exist inside one of the configured folders (symbolic links resolved). */
    Path allowed(String field, URI u) {
        try {
            Path real = Path.of(u).toRealPath();
            for (Path dir : allowedDirs) {
                if (real.startsWith(dir.toRealPath())) {
                    return real;
                }
            }
        } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw bad(field + ": " + u + " does not exist or is not a local file URL");
        }
        throw bad(field + ": " + u + " is outside the folders this server allows for file:// URLs"
                + " (gef.tes.allowed-dirs)");
    }

    /**
     * Where a {@code file://} output goes: inside an allowed folder (the nearest existing folder on the way, symbolic
     * links resolved, must be inside one), else a 400 naming {@code field}.
     */
    Path outputDestination(String field, URI u) {
        Path dest;
        try {
            dest = Path.of(u).normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw bad(field + ": " + u + " is not a local file URL");
        }
        Path existing = dest;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? null : existing.toRealPath();
            for (Path dir : allowedDirs) {
                if (real != null && real.startsWith(dir.toRealPath()) && dest.startsWith(dir.toRealPath())) {
                    return dest;
                }
            }
        } catch (IOException e) {
            throw bad(field + ": " + u + " cannot be checked: " + e.getMessage());
        }
        throw bad(field + ": " + u + " is outside the folders this server allows for file:// URLs"
                + " (gef.tes.allowed-dirs)");
    }

    /** The folder part of an output: a wildcard path's {@code path_prefix} or fixed part, else the path itself. */
    static String outputRoot(TesTask.Output o) {
        if (!isGlob(o.path())) {
            return o.path();
        }
        if (o.path_prefix() != null) {
            String p = o.path_prefix();
            return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        }
        return parent(o.path().substring(0, o.path().replaceAll("[*?\\[].*", "").length() + 1));
    }

    static boolean isGlob(String path) {
        return path.contains("*") || path.contains("?") || path.contains("[");
    }

    /**
     * The writable folders the executors share: each output's folder (a FILE's parent, a DIRECTORY itself, the
     * fixed part of a wildcard path or its {@code path_prefix}), each task volume, each stdout/stderr file's
     * parent; a folder inside another one is covered by it.
     */
    static List<String> writableDirs(TesTask task, List<JobStep> steps, TesFiles files) {
        var dirs = new TreeSet<String>();
        List<TesTask.Output> outs = task.outputs() == null ? List.of() : task.outputs();
        for (int i = 0; i < outs.size(); i++) {
            TesTask.Output o = outs.get(i);
            String f = "outputs[" + i + "]";
            if (o == null || o.path() == null || o.url() == null) {
                throw bad(f + ": path and url are required");
            }
            absolute(f + ".path", o.path());
            absolute(f + ".path_prefix", o.path_prefix());
            boolean dir = TesRequest.type(f, o.type()).equals("DIRECTORY");
            if (o.url().startsWith("file:")) {
                try {
                    files.outputDestination(f + ".url", URI.create(o.url()));
                } catch (IllegalArgumentException e) {
                    throw bad(f + ".url is not a valid URL");
                }
            }
            if (isGlob(o.path())) {
                dirs.add(outputRoot(o));
            } else {
                dirs.add(dir ? o.path() : parent(o.path()));
            }
        }
        (task.volumes() == null ? List.<String>of() : task.volumes()).forEach(v -> {
            absolute("volumes", v);
            dirs.add(v);
        });
        steps.forEach(s -> {
            if (s.stdout() != null) {
                dirs.add(parent(s.stdout()));
            }
            if (s.stderr() != null) {
                dirs.add(parent(s.stderr()));
            }
        });
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            String norm = d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d;
            if (norm.equals("/")) {
                throw bad("outputs, volumes, stdout and stderr need a folder below / (not / itself)");
            }
            if (out.stream().noneMatch(p -> norm.equals(p) || norm.startsWith(p + "/"))) {
                out.add(norm);
            }
        }
        return out;
    }

    private static String parent(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    private static String first(String sub) {
        if (sub == null) {
            throw bad("a gef URL names the volume or dataset: gef://volumes/ID/PATH");
        }
        int s = sub.indexOf('/');
        return s < 0 ? sub : sub.substring(0, s);
    }

    private static String rest(String sub) {
        int s = sub == null ? -1 : sub.indexOf('/');
        return s < 0 || s == sub.length() - 1 ? null : sub.substring(s + 1);
    }
}
