package io.gef.engine;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.time.Duration;

/**
 * What a run does when its engine stops answering mid-job (docs/engines.md, "Engine faults").
 *
 * @param lostGrace         how long a running job waits for its engine to answer again before it ends
 *                          SYSTEM_ERROR ({@code gef.engine.lost-grace-seconds})
 * @param retryAfterRestart whether a job whose container the engine's restart stopped runs once more in a new
 *                          container ({@code gef.engine.retry-after-engine-restart})
 * @param healthEvery       how often a waiting run asks the engine whether it answers again
 *                          ({@code gef.engine.health-interval-seconds})
 */
public record EngineFaults(Duration lostGrace, boolean retryAfterRestart, Duration healthEvery) {
    public static final EngineFaults DEFAULT = new EngineFaults(Duration.ofMinutes(5), false, Duration.ofSeconds(10));

    public EngineFaults {
        if (lostGrace == null || lostGrace.isNegative()) {
            throw new ConfigException("gef.engine.lost-grace-seconds must be 0 or more");
        }
        if (healthEvery == null || healthEvery.isNegative() || healthEvery.isZero()) {
            throw new ConfigException("gef.engine.health-interval-seconds must be positive");
        }
    }

    static EngineFaults fromConfig(GefConfig config) {
        return new EngineFaults(Duration.ofSeconds(config.getLong("gef.engine.lost-grace-seconds")),
                config.getBool("gef.engine.retry-after-engine-restart"),
                Duration.ofSeconds(config.getLong("gef.engine.health-interval-seconds")));
    }
}
