package io.gef.jobs;

import java.util.List;
import java.util.Map;

/**
 * One container of a job that runs several in order (a GA4GH TES executor). All steps see the same mounts, so what
 * one writes into the job's output folders the next one reads.
 *
 * @param image       pinned by digest
 * @param workdir     absolute working directory; null: the image's
 * @param stdin       absolute path inside the container of a file fed to the command's standard input, or null
 * @param stdout      absolute path inside the container where the step's standard output is written, or null
 * @param stderr      likewise for standard error
 * @param ignoreError a non-zero exit does not stop the job: the next step runs
 */
public record JobStep(String image, List<String> command, String workdir, String stdin, String stdout,
                      String stderr, Map<String, String> env, boolean ignoreError) {
    public JobStep {
        command = List.copyOf(command == null ? List.of() : command);
        env = Map.copyOf(env == null ? Map.of() : env);
    }
}
