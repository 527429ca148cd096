package io.gef.jobs;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.engine.ContainerRunner;
import io.gef.engine.DockerEngine;
import io.gef.engine.Sandbox;
import io.gef.store.Database;
import io.gef.store.JsonCodec;
import io.gef.testing.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Time from submission to RUNNING for a job with a dataset mounted, 5 GiB vs 1 KiB, alternating, in one run.
 * "Move the tools, not the data": the ratio should be ~1 because nothing is copied or hashed.
 * Run with bench/dataset-5GiB-vs-1KiB-start; args: big-dataset-dir small-dataset-dir N.
 */
public final class DatasetStartBench {
    private static final Caller USER = new Caller("bench", "bench", Set.of(Role.USER));

    public static void main(String[] args) throws Exception {
        Path big = Path.of(args[0]);
        Path small = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        String registry = System.getProperty("gef.registry", "127.0.0.1:5000");
        Path work = Files.createTempDirectory("gef-bench-");
        try (Database db = Database.open(work.resolve("db")).migrate();
             DockerEngine engine = new DockerEngine("local", "unix:///var/run/docker.sock")) {
            var runner = new ContainerRunner(engine, SharedRegistry.runner("gef-bench"), Clock.systemUTC());
            var volumes = new DirVolumes(Files.createDirectories(work.resolve("volumes")));
            volumes.dataset("big", big);
            volumes.dataset("small", small);
            String image = registry + "/gef/base@" + SharedRegistry.client().resolve("gef/base", "1");
            var plan = new ServicePlan(image, "probe", "1",
                    List.of(new ServicePlan.DeclaredInput("data", "directory", "/data", null)), List.of(),
                    Resources.NONE, p -> new ServicePlan.Invocation(Map.of(), List.of("true"), Map.of()));
            try (Jobs jobs = Jobs.create(db.dataSource(), work.resolve("jobs"), Clock.systemUTC(),
                    new Jobs.Settings("local", 1, new Resources(1.0, 64, 60), 1 << 20, 1 << 20), ref -> plan,
                    volumes, (i, r) -> JsonCodec.tree(Map.of("allowed", true)), runner, Sandbox.defaults())
                    .start()) {
                List<Long> bigMs = new ArrayList<>();
                List<Long> smallMs = new ArrayList<>();
                for (int i = 0; i < 2; i++) { // warm-up
                    timeToRunning(jobs, "small");
                }
                for (int i = 0; i < n; i++) { // each goes first in half the pairs
                    if (i % 2 == 0) {
                        bigMs.add(timeToRunning(jobs, "big"));
                        smallMs.add(timeToRunning(jobs, "small"));
                    } else {
                        smallMs.add(timeToRunning(jobs, "small"));
                        bigMs.add(timeToRunning(jobs, "big"));
                    }
                }
                long mb = median(bigMs);
                long ms = median(smallMs);
                System.out.printf("time to RUNNING, median of %d: 5GiB dataset %d ms, 1KiB dataset %d ms%n", n, mb, ms);
                System.out.printf("dataset-5GiB-vs-1KiB-start: %.3f%n", (double) mb / ms);
            }
        }
    }

    /** Submission to the "started" event, from the events' own timestamps. */
    private static long timeToRunning(Jobs jobs, String dataset) throws InterruptedException {
        var req = new JobRequest("probe", Map.of("data", new JobRequest.InputRequest(null, dataset, null, null,
                null)), Map.of(), null, null, null);
        long t0 = System.nanoTime();
        Job j = jobs.service().submit(USER, req);
        while (true) {
            Job now = jobs.service().get(USER, j.id());
            if (now.state() == JobState.RUNNING || now.state().isTerminal()) {
                var events = jobs.service().events(USER, j.id());
                var started = events.stream().filter(e -> e.type().equals("started")).findFirst();
                if (started.isPresent()) {
                    awaitEnd(jobs, j.id()); // runs never overlap
                    return Duration.between(now.createdAt(), started.get().at()).toMillis();
                }
                if (now.state().isTerminal()) {
                    throw new IllegalStateException("job ended without starting: " + now.error());
                }
            }
            if (System.nanoTime() - t0 > 60_000_000_000L) {
                throw new IllegalStateException("job did not start within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static void awaitEnd(Jobs jobs, String id) throws InterruptedException {
        while (!jobs.service().get(USER, id).state().isTerminal()) {
            Thread.sleep(5);
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
