package io.gef.bench;

import io.gef.jobs.ClaimBench;
import io.gef.jobs.JobSeeder;
import io.gef.store.Database;
import io.gef.testing.GefServer;
import io.gef.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server-side benchmarks of {@code bench/run}: the real server jar as its own process, driven through its
 * public API, each figure next to a baseline measured in the same run. Prints {@code name: value} lines (and
 * {@code # } comment lines with the raw figures).
 *
 * <pre>ApiBench [--quick] --work DIR [--nginx-port P]</pre>
 */
public final class ApiBench {
    private ApiBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        boolean quick = a.contains("--quick");
        Path work = Path.of(arg(a, "--work", "/var/tmp/gef-bench"));
        int nginxPort = Integer.parseInt(arg(a, "--nginx-port", "18581"));
        Files.createDirectories(work);
        Path data = work.resolve("data");
        try (ServerProcess gef = new ServerProcess(data, Map.of("gef.jobs.concurrency", "4")).start()) {
            var client = new BenchClient(gef.api, gef.adminToken(), gef.port());
            client.publish(GefServer.REPO.resolve("service-images/sh"));
            String user = client.newUser("bench");
            String input = client.volumeWith(user, "input.txt", "hello\n".getBytes());
            String first = client.submit(user, input, "true");
            client.awaitFinished(user, first);
            String image = client.job(first).path("image").asText();
            System.out.println("# image: " + image);
            Thread.sleep(2000);
            double rssIdle = Shell.rssMib(gef.pid(), "idle");

            var jobs = new JobPathBench(client, user, input, image);
            line("latency-api-vs-docker-run", jobs.latency(quick ? 8 : 40, quick ? 1 : 30));
            int tpJobs = quick ? 40 : 500;
            int tpWarmup = quick ? 20 : 200;
            line("throughput-api-vs-docker-run-P4", jobs.throughput(tpJobs, tpWarmup));

            // warm-up at the measured rate: the first seconds at 1,000 req/s compile the request path and grow the
            // heap from -Xms (a full GC); measured from a cold start the quick run's p99 was 97 ms, then 4.7 ms
            OpenLoad.run(gef.port(), "/api/jobs/" + first, user, 1000, quick ? 6 : 15);
            var loaded = OpenLoad.run(gef.port(), "/api/jobs/" + first, user, 1000, quick ? 5 : 60);
            System.out.printf(Locale.ROOT, "# GET /api/jobs/{id}: %d ok, %d errors, %.0f req/s sent, p50 %.2f ms%n",
                    loaded.latencies().size(), loaded.errors(), loaded.achievedRps(),
                    Stats.median(loaded.latencies()));
            line("api-get-p99-ms-at-1000rps", loaded.errors() > 0 ? Double.NaN
                    : Stats.percentile(loaded.latencies(), 99));
            if (Files.isExecutable(Path.of("/usr/bin/wrk"))) { // what the server can serve at all right now
                String wrk = Shell.run("/usr/bin/wrk", "-t2", "-c25", "-d5s", "--latency", "-H", "Authorization: Bearer "
                        + user, "http://127.0.0.1:" + gef.port() + "/api/jobs/" + first);
                System.out.println("# wrk, closed loop, 25 connections, 5 s: " + wrk.lines()
                        .filter(l -> l.contains("Requests/sec") || l.matches("\\s+(50|99)%.*"))
                        .map(String::trim).reduce((x, y) -> x + "; " + y).orElse(wrk));
            }

            var dl = DownloadBench.run(client, user, work, data, nginxPort);
            line("download-vs-nginx", dl.vsNginx());
            line("download-vs-cat", dl.vsCat());

            line("server-rss-mib-idle", rssIdle);
            int ran = 1 + (quick ? 9 : 70) + tpWarmup + tpJobs; // the first job, the latency figure's with its warm-up
            int rssJobs = quick ? 0 : Math.max(0, 10_000 - ran);
            jobs.apiThroughput(rssJobs, 8);
            ran += rssJobs;
            System.out.printf(Locale.ROOT, "# jobs run through this server so far: %d%n", ran);
            System.out.printf(Locale.ROOT, "server-rss-mib-after-10000-jobs: %.1f%s%n",
                    Shell.rssMib(gef.pid(), "after " + ran + " jobs"),
                    ran < 10_000 ? " (quick: after " + ran + " jobs)" : "");

            String template = client.api().get("/api/jobs/" + first, client.admin()).body();
            gef.terminate();
            try (Database db = Database.open(data.resolve("db")).migrate()) {
                JobSeeder.seed(db.dataSource(), template, 100_000, "COMPLETE");
            }
            gef.start();
            line("job-list-ms-at-100000-jobs", JobListBench.worstMedianMs(client, user, quick ? 20 : 200));
            line("claim-ms-per-job-at-100000-queued", ClaimBench.msPerClaim(template, 100_000, quick ? 100 : 2000));
        }
    }

    private static final long STARTED = System.nanoTime();

    static void line(String name, double value) {
        System.out.printf(Locale.ROOT, "# at %.0f s%n", Stats.msSince(STARTED) / 1000);
        System.out.printf(Locale.ROOT, "%s: %s%n", name, Double.isNaN(value) ? "failed"
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.3f", value));
    }

    private static String arg(List<String> a, String name, String def) {
        int i = a.indexOf(name);
        return i < 0 ? def : a.get(i + 1);
    }

    static List<Double> times(int n, Runnable r) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            r.run();
            out.add(Stats.msSince(t0));
        }
        return out;
    }
}
