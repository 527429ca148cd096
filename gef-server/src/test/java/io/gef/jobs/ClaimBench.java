package io.gef.jobs;

import io.gef.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Claiming the next job with {@code queued} jobs waiting, done as {@link JobDispatcher} does it (each user's oldest
 * queued job, then the compare-and-set QUEUED → INITIALIZING with its {@code dequeued} event), on a database of its
 * own so no engine runs the claimed jobs. Returns milliseconds per claim.
 */
public final class ClaimBench {
    private static final int WARM_UP = 1000;

    private ClaimBench() {
    }

    /** Standalone: {@code ClaimBench [queued] [claims]} with a made-up job of realistic size as the template. */
    public static void main(String[] args) throws Exception {
        int queued = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int claims = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        System.out.printf(Locale.ROOT, "claim-ms-per-job-at-%d-queued: %.3f%n", queued,
                msPerClaim(templateJson(), queued, claims));
    }

    /** A made-up job of a real one's size: an input, an output, a sandbox document of 1.5 kB. */
    static String templateJson() {
        var sandbox = io.gef.store.JsonCodec.read("{\"pad\":\"" + "x".repeat(1500) + "\"}",
                com.fasterxml.jackson.databind.JsonNode.class);
        Job t = new Job.Builder().id("job-template").owner("user-bench").name("bench").state(JobState.QUEUED)
                .service("sh").serviceName("sh").image("127.0.0.1:5000/gef/sh@sha256:" + "a".repeat(64))
                .createdAt(java.time.Instant.now()).command(java.util.List.of("true"))
                .inputs(java.util.List.of(new JobInput("in", "volume", "/in", "vol-in", null, null, null, null,
                        "sha256:" + "b".repeat(64), 6L)))
                .outputs(java.util.List.of(new JobOutput("out", "/out", "vol-out", null, null, null)))
                .sandbox(sandbox).build();
        return io.gef.store.JsonCodec.write(t);
    }

    public static double msPerClaim(String jobJson, int queued, int claims) throws Exception {
        Path dir = Files.createTempDirectory("gef-claim-bench-");
        try (Database db = Database.open(dir).migrate()) {
            JobSeeder.seed(db.dataSource(), jobJson, queued + WARM_UP, "QUEUED"); // timed from `queued` on
            JobStore store = new JobStore(new io.gef.store.Sql(db.dataSource()));
            JobRecorder recorder = new JobRecorder(store, new JobFeed(), Clock.systemUTC());
            // a running server's dispatcher is compiled: 20 warm-up claims left the quick run's 100 timed ones
            // measuring the JIT (1.6 ms against 0.8 ms once compiled, same machine and minute)
            for (int i = 0; i < WARM_UP; i++) {
                claimOne(store, recorder);
            }
            long take = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < claims; i++) {
                long t1 = System.nanoTime();
                Job job = store.queuedHeads(Set.of(), Set.of()).getFirst();
                take += System.nanoTime() - t1;
                claim(recorder, job);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / claims;
            long s0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                new io.gef.store.Sql(db.dataSource()).update("CHECKPOINT SYNC");
            }
            System.out.printf(Locale.ROOT, "# claim: %d claims with %d queued, %.3f ms each: the users' oldest queued"
                    + " jobs %.3f ms, compare-and-set + dequeued event the rest (a bare CHECKPOINT SYNC: %.3f ms)%n",
                    claims, queued, ms, take / 1e6 / claims, (System.nanoTime() - s0) / 1e6 / 50);
            return ms;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void claimOne(JobStore store, JobRecorder recorder) {
        claim(recorder, store.queuedHeads(Set.of(), Set.of()).getFirst());
    }

    private static void claim(JobRecorder recorder, Job job) {
        recorder.claim(job, b -> b.engine("local"),
                new JobRecorder.Event("dequeued", Map.of("engine", "local")))
                .orElseThrow(() -> new IllegalStateException("claim lost: " + job.id()));
    }
}
