package io.gef.engine;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an engine of {@code type=swarm} adds to {@link EngineSettings}: what happens to a job whose node leaves,
 * and the elastic pool policy (absent: the swarm's nodes are managed by hand). See docs/swarm.md.
 *
 * @param nodeLost   what a job whose node left the swarm mid-run does
 * @param pool       the pool policy, when GEF should grow and shrink the swarm
 * @param checkImage the image ({@code repository:tag} in the trusted registry) of the shared-disk check job; empty:
 *                   {@code <gef.registry.namespace>/base:1}
 */
public record SwarmSettings(NodeLost nodeLost, Optional<Pool> pool, Optional<String> checkImage) {
    /** Manual nodes, the default check image. */
    public SwarmSettings(NodeLost nodeLost, Optional<Pool> pool) {
        this(nodeLost, pool, Optional.empty());
    }

    /** What happens to a job whose node leaves the swarm while it runs. */
    public enum NodeLost {
        /** The job ends SYSTEM_ERROR, saying which node left. */
        FAIL,
        /** The job runs once more (elsewhere); a second loss ends it like {@link #FAIL}. */
        RETRY
    }

    /**
     * The elastic pool: grow while queued jobs stay above {@code queueHighWater}, shrink while they stay below
     * {@code queueLowWater}, between {@code min} and {@code max} nodes; a node that fails its health check is
     * replaced to keep {@code min}. The hooks are commands run with the wanted node count as first argument
     * (scale-in: then the ids of the idle nodes to remove).
     */
    public record Pool(int min, int max, int queueHighWater, int queueLowWater, Duration sustain,
                       List<String> scaleOutHook, List<String> scaleInHook) {
        public Pool {
            scaleOutHook = List.copyOf(scaleOutHook);
            scaleInHook = List.copyOf(scaleInHook);
        }
    }

    static SwarmSettings of(GefConfig config, String prefix) {
        NodeLost lost = config.optional(prefix + "node-lost").map(v -> switch (v) {
            case "fail" -> NodeLost.FAIL;
            case "retry" -> NodeLost.RETRY;
            default -> throw new ConfigException(prefix + "node-lost must be fail or retry, got '" + v + "'");
        }).orElse(NodeLost.RETRY);
        Optional<String> check = config.optional(prefix + "check-image");
        if (check.isPresent() && !check.get().matches("[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new ConfigException(prefix + "check-image must be repository:tag in the trusted registry, got '"
                    + check.get() + "'");
        }
        if (config.optional(prefix + "pool-max").isEmpty()) {
            return new SwarmSettings(lost, Optional.empty(), check);
        }
        int mx = number(config, prefix + "pool-max", 1);
        int mn = config.optional(prefix + "pool-min").isPresent() ? number(config, prefix + "pool-min", 1) : 1;
        if (mn > mx) {
            throw new ConfigException(prefix + "pool-min (" + mn + ") must not exceed pool-max (" + mx + ")");
        }
        int high = config.optional(prefix + "pool-queue-high-water").isPresent()
                ? number(config, prefix + "pool-queue-high-water", 1) : 10;
        int low = config.optional(prefix + "pool-queue-low-water").isPresent()
                ? number(config, prefix + "pool-queue-low-water", 0) : 0;
        if (low >= high) {
            throw new ConfigException(prefix + "pool-queue-low-water (" + low + ") must be below"
                    + " pool-queue-high-water (" + high + ")");
        }
        int sustain = config.optional(prefix + "pool-sustain-seconds").isPresent()
                ? number(config, prefix + "pool-sustain-seconds", 0) : 10;
        return new SwarmSettings(lost, Optional.of(new Pool(mn, mx, high, low, Duration.ofSeconds(sustain),
                hook(config, prefix + "pool-scale-out-hook"), hook(config, prefix + "pool-scale-in-hook"))), check);
    }

    private static List<String> hook(GefConfig config, String key) {
        String v = config.optional(key).orElseThrow(() -> new ConfigException(key
                + " is required with a pool (a command that receives the wanted node count)"));
        List<String> words = List.of(v.trim().split("\\s+"));
        if (words.getFirst().isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return words;
    }

    private static int number(GefConfig config, String key, int min) {
        String v = config.optional(key).orElseThrow();
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new ConfigException(key + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }
}
