package io.gef.tes;

import io.gef.jobs.Job;
import io.gef.jobs.OutputDelivery;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Copies a TES task's {@code file://} outputs from its writable folders to their destinations (inside
 * {@code gef.tes.allowed-dirs}) after the last executor and before the task is COMPLETE. A FILE output is copied
 * to its URL; a DIRECTORY's files, or the files a wildcard path matches, below the URL, by their path relative to
 * the directory or the {@code path_prefix}. A FILE the executors did not write fails the task.
 */
final class TesDelivery implements OutputDelivery {
    private final TesFiles files;

    TesDelivery(TesFiles files) {
        this.files = files;
    }

    @Override
    public void deliver(Job job, Function<String, Path> hostPath) throws IOException {
        if (!Tes.SOURCE.equals(job.serviceName())) {
            return;
        }
        List<TesTask.Output> outputs = Tes.asSubmitted(job).outputs();
        for (TesTask.Output o : outputs == null ? List.<TesTask.Output>of() : outputs) {
            if (!o.url().startsWith("file:")) {
                continue; // kept in the task's GEF volumes, named by gef:// URLs in the logs
            }
            Path dest = files.outputDestination("outputs", URI.create(o.url()));
            String root = TesFiles.outputRoot(o);
            Path src = hostPath.apply(root);
            if (src == null) {
                throw new IOException("output " + o.path() + " is outside the task's writable folders");
            }
            if (root.equals(o.path()) && !"DIRECTORY".equals(o.type())) {
                if (!Files.isRegularFile(src)) {
                    throw new IOException("output " + o.path() + " was not written by the executors");
                }
                copy(src, dest);
                continue;
            }
            String pattern = o.path().equals(root) ? "**" : o.path().substring(root.length() + 1);
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (!Files.isDirectory(src)) {
                continue; // nothing matched: an empty result, not an error
            }
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    Path rel = src.relativize(f);
                    if (matcher.matches(rel) || pattern.equals("**")) {
                        copy(f, dest.resolve(rel.toString()).normalize());
                    }
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
