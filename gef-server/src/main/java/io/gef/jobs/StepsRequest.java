package io.gef.jobs;

import java.util.List;
import java.util.Map;

/**
 * A job of several containers run in order in one workspace (what a GA4GH TES task becomes), already translated
 * from its wire form: images pinned by digest, paths absolute.
 *
 * @param outputDirs container folders that are writable and shared by all steps; each becomes an output volume,
 *                   sealed when the job ends
 * @param parameters the request as its source wrote it (without inline content), kept as the job's parameters
 * @param source     who made the request (for example {@code tes}); the job's service name, so the native API and
 *                   GUI can tell such jobs apart
 */
public record StepsRequest(String source, String name, Map<String, String> tags, Resources resources,
                           List<JobStep> steps, List<Input> inputs, List<String> outputDirs,
                           Map<String, Object> parameters) {
    /**
     * One input mounted read-only at {@code containerPath}: exactly one of {@code content} (text written into a new
     * sealed volume), {@code url} (http(s), fetched by the outbound rules), {@code hostPath} (a file or folder of
     * the server's host, mounted where it is), {@code volume} or {@code dataset} (with an optional sub-path).
     *
     * @param file the input is one file (mounted as a file), not a folder
     */
    public record Input(String name, String containerPath, boolean file, String content, String url, String hostPath,
                        String volume, String dataset, String path) {
    }
}
