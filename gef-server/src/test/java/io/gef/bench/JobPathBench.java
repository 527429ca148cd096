package io.gef.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trivial {@code sh} job through the API (submit, then its state seen on the event stream) against
 * {@code docker run --rm --network none} of the same image digest, alternating so both see the same load.
 */
final class JobPathBench {
    private final BenchClient client;
    private final String user;
    private final String input;
    private final String image;

    JobPathBench(BenchClient client, String user, String input, String image) {
        this.client = client;
        this.user = user;
        this.input = input;
        this.image = image;
    }

    private final JobPhases phases = new JobPhases();

    double apiJobMs() {
        long t0 = System.nanoTime();
        java.time.Instant submitted = java.time.Instant.now();
        String id = client.submit(user, input, "true");
        client.awaitFinished(user, id);
        double ms = Stats.msSince(t0);
        phases.add(id, submitted, java.time.Instant.now());
        return ms;
    }

    double dockerRunMs() {
        return Shell.timed(List.of("/usr/bin/docker", "run", "--rm", "--network", "none", image, "true"));
    }

    /**
     * {@code docker run --rm} with everything the job's container got ({@code sandbox} as the job records it: user,
     * hardening, limits, tmpfs, bind mounts): what the engine alone charges for GEF's sandbox, to tell it apart from
     * GEF's own overhead.
     */
    static List<String> sandboxedDockerRun(com.fasterxml.jackson.databind.JsonNode sb, String image) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker", "run", "--rm", "--network",
                sb.path("networkMode").asText(), "--cap-drop", "ALL", "--security-opt",
                sb.path("securityOpt").path(0).asText(), "--pids-limit", sb.path("pidsLimit").asText(),
                "--memory", sb.path("memoryMb").asText() + "m", "--memory-swap", sb.path("memorySwapMb").asText() + "m",
                "--cpus", sb.path("cpus").asText(), "--ulimit", "nofile=" + sb.path("ulimits").path("nofile").asText(),
                "--ulimit", "nproc=" + sb.path("ulimits").path("nproc").asText(), "--log-opt", "max-size=10m"));
        if (sb.path("readOnlyRootfs").asBoolean()) {
            cmd.add("--read-only");
        }
        sb.path("tmpfs").properties().forEach(e -> cmd.addAll(List.of("--tmpfs", e.getKey() + ":" + e.getValue()
                .asText())));
        if (!sb.path("user").asText().isEmpty()) {
            cmd.addAll(List.of("--user", sb.path("user").asText()));
        }
        for (var m : sb.path("mounts")) {
            cmd.addAll(List.of("--mount", "type=bind,source=" + m.path("hostPath").asText() + ",target="
                    + m.path("containerPath").asText() + (m.path("readOnly").asBoolean() ? ",readonly" : "")));
        }
        cmd.addAll(List.of(image, "true"));
        return cmd;
    }

    /** Prints the medians and returns median(API) / median(docker run). */
    double latency(int n, int warmup) {
        for (int i = 0; i < warmup; i++) {
            apiJobMs();
            dockerRunMs();
        }
        phases.clear();
        List<Double> api = new ArrayList<>();
        List<Double> docker = new ArrayList<>();
        List<Double> sandboxed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                api.add(apiJobMs());
                docker.add(dockerRunMs());
            } else {
                docker.add(dockerRunMs());
                api.add(apiJobMs());
            }
            sandboxed.add(Shell.timed(sandboxedDockerRun(client.job(phases.lastId()).path("sandbox"), image)));
        }
        double a = Stats.median(api);
        double d = Stats.median(docker);
        System.out.printf(Locale.ROOT, "# latency, median of %d: API %.0f ms (p90 %.0f), docker run %.0f ms (p90 %.0f),"
                + " docker run with the job's sandbox and mounts %.0f ms (p90 %.0f)%n", n, a, Stats.percentile(api, 90),
                d, Stats.percentile(docker, 90), Stats.median(sandboxed), Stats.percentile(sandboxed, 90));
        phases.print(client);
        return a / d;
    }

    /** {@code jobs} jobs from {@code clients} clients through the API; returns jobs per second. */
    double apiThroughput(int jobs, int clients) throws Exception {
        AtomicInteger left = new AtomicInteger(jobs);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        client.awaitFinished(user, client.submit(user, input, "true"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return jobs / (Stats.msSince(t0) / 1000);
    }

    /** {@code jobs} times {@code docker run --rm} of the same digest through {@code xargs -P4}; jobs per second. */
    double dockerThroughput(int jobs, int parallel) {
        long t0 = System.nanoTime();
        Shell.sh("seq " + jobs + " | xargs -P" + parallel + " -I{} /usr/bin/docker run --rm --network none "
                + image + " true");
        return jobs / (Stats.msSince(t0) / 1000);
    }

    /**
     * {@code jobs} jobs each way, after a warm-up of both ({@code warmup} jobs each, not timed: the server's JIT
     * compiles its job path in the first few hundred jobs, and dockerd is a long-running daemon already warm), in
     * two alternating halves so that both see the same load on a shared machine; the ratio of the summed rates.
     */
    double throughput(int jobs, int warmup) throws Exception {
        apiThroughput(warmup, 8);
        dockerThroughput(warmup, 4);
        double apiSeconds = 0;
        double dockerSeconds = 0;
        for (int half : new int[] {jobs / 2, jobs - jobs / 2}) {
            apiSeconds += half / apiThroughput(half, 8);
            dockerSeconds += half / dockerThroughput(half, 4);
        }
        double api = jobs / apiSeconds;
        double docker = jobs / dockerSeconds;
        System.out.printf(Locale.ROOT, "# throughput, %d jobs each in two alternating halves after %d warm-up jobs"
                + " each: API %.2f jobs/s (8 clients, capacity 4), xargs -P4 docker run %.2f jobs/s%n", jobs, warmup,
                api, docker);
        return api / docker;
    }
}
