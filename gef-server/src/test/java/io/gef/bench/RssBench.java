package io.gef.bench;

import io.gef.testing.GefServer;
import io.gef.testing.ServerProcess;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The server's memory while it runs many trivial jobs: the real jar at capacity 4, jobs from 8 clients through the
 * API, the resident memory printed every {@code step} jobs and as {@code server-rss-mib-after-N-jobs} at the end.
 * The long part of the full {@code bench/run} on its own, so it can run beside other work.
 *
 * <pre>RssBench --work DIR [--jobs 10000] [--step 1000]</pre>
 */
public final class RssBench {
    private RssBench() {
    }

    public static void main(String[] args) throws Exception {
        var a = java.util.List.of(args);
        Path work = Path.of(arg(a, "--work", "/var/tmp/gef-rss"));
        int jobs = Integer.parseInt(arg(a, "--jobs", "10000"));
        int step = Integer.parseInt(arg(a, "--step", "1000"));
        try (ServerProcess gef = new ServerProcess(work.resolve("data"), Map.of("gef.jobs.concurrency", "4")).start()) {
            var client = new BenchClient(gef.api, gef.adminToken(), gef.port());
            client.publish(GefServer.REPO.resolve("service-images/sh"));
            String user = client.newUser("bench");
            String input = client.volumeWith(user, "input.txt", "hello\n".getBytes());
            var path = new JobPathBench(client, user, input, null);
            Shell.rssMib(gef.pid(), "idle");
            long t0 = System.nanoTime();
            double rss = 0;
            for (int done = 0; done < jobs; ) {
                int n = Math.min(step, jobs - done);
                path.apiThroughput(n, 8);
                done += n;
                rss = Shell.rssMib(gef.pid(), String.format(Locale.ROOT, "after %d jobs (%.0f s)", done,
                        Stats.msSince(t0) / 1000));
            }
            System.out.printf(Locale.ROOT, "server-rss-mib-after-%d-jobs: %.1f%n", jobs, rss);
        }
    }

    private static String arg(java.util.List<String> a, String name, String def) {
        int i = a.indexOf(name);
        return i < 0 ? def : a.get(i + 1);
    }
}
