package io.gef.bench;

import io.gef.engine.ContainerRunner;
import io.gef.engine.DockerEngine;
import io.gef.engine.RunnerSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Trivial-job latency of a GEF path against bare docker-java, measured alternately in one process so both see
 * the same machine load. Prints the medians and one line {@code <mode>: <median(a)/median(b)>}.
 *
 * <pre>
 * JobLatencyBench --mode runner-vs-docker-java [--n 20] [--warmup 5] [--image host/repo@sha256:...]
 *                 [--baseline-network none]
 * </pre>
 *
 * To add a path: a {@link Measurement} and a case in {@link #subject}.
 */
public final class JobLatencyBench {
    static final String BENCH_LABEL = "gef.test";
    private static final String REGISTRY = "127.0.0.1:5000";

    private JobLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String mode = opts.getOrDefault("mode", "runner-vs-docker-java");
        int n = Integer.parseInt(opts.getOrDefault("n", "20"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        try (var engine = new DockerEngine("bench", opts.getOrDefault("docker-host", "unix:///var/run/docker.sock"))) {
            String image = opts.getOrDefault("image", pinnedBase(engine));
            try (Measurement a = subject(mode, engine, image); Measurement b = new BareDockerJava(engine, image,
                    opts.get("baseline-network"))) {
                for (int i = 0; i < warmup; i++) {
                    a.once();
                    b.once();
                }
                List<Long> ta = new ArrayList<>();
                List<Long> tb = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    // alternate, and swap who goes first, so drift in machine load hits both equally
                    if (i % 2 == 0) {
                        ta.add(time(a));
                        tb.add(time(b));
                    } else {
                        tb.add(time(b));
                        ta.add(time(a));
                    }
                }
                double ma = median(ta);
                double mb = median(tb);
                System.out.printf(Locale.ROOT, "image: %s, n=%d each after %d warm-up%n", image, n, warmup);
                System.out.printf(Locale.ROOT, "%s: median %.1f ms (min %.1f, max %.1f)%n", a.name(), ma, min(ta), max(ta));
                System.out.printf(Locale.ROOT, "%s: median %.1f ms (min %.1f, max %.1f)%n", b.name(), mb, min(tb), max(tb));
                System.out.printf(Locale.ROOT, "%s: %.3f%n", mode, ma / mb);
            }
        }
    }

    /** The path compared with bare docker-java in {@code mode}. */
    static Measurement subject(String mode, DockerEngine engine, String image) {
        return switch (mode) {
            case "runner-vs-docker-java" -> new RunnerTrivialJob(new ContainerRunner(engine,
                    RunnerSettings.of("bench-" + UUID.randomUUID().toString().substring(0, 8), REGISTRY),
                    Clock.systemUTC()), image);
            case "job-latency-vs-docker-java" -> {
                try {
                    yield new GefTrivialJob(engine, image, REGISTRY);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot set up the jobs path", e);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    private static long time(Measurement m) throws Exception {
        long t0 = System.nanoTime();
        m.once();
        return System.nanoTime() - t0;
    }

    static String pinnedBase(DockerEngine engine) {
        return engine.client().inspectImageCmd(REGISTRY + "/gef/base:1").exec().getRepoDigests().stream()
                .filter(d -> d.startsWith(REGISTRY + "/gef/base@")).findFirst()
                .orElseThrow(() -> new IllegalStateException("gef/base:1 has no digest from " + REGISTRY));
    }

    private static double median(List<Long> nanos) {
        List<Long> s = nanos.stream().sorted().toList();
        int k = s.size();
        double mid = k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2.0;
        return mid / 1e6;
    }

    private static double min(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        var opts = new java.util.HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
