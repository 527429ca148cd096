package io.gef.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code docker events} of the manager for services, written to a file while the test runs. */
record ServiceEvents(Process process, Path file) implements AutoCloseable {
    static ServiceEvents watch(String dir, Path file) throws IOException {
        Process p = new ProcessBuilder("/usr/bin/docker", "-H", "unix://" + dir + "/mgr/docker.sock", "events",
                "--filter", "type=service", "--format", "{{.Action}} {{index .Actor.Attributes \"name\"}}")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        return new ServiceEvents(p, file);
    }

    /** Services created per job id (the job id is the service's name after "gef-"). */
    Map<String, Integer> createdPerJob() throws IOException, InterruptedException {
        Thread.sleep(500);
        Map<String, Integer> perJob = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("create ")) {
                perJob.merge(line.substring(7).strip().replaceFirst("^gef-", ""), 1, Integer::sum);
            }
        }
        return perJob;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
