package io.gef.bench;

import io.gef.engine.ContainerRunner;
import io.gef.engine.ContainerSpec;
import io.gef.engine.RunListener;
import io.gef.engine.RunOutcome;
import io.gef.engine.Sandbox;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@link ContainerRunner#run} of {@code true} with the full default sandbox and log following. */
final class RunnerTrivialJob implements Measurement {
    private final ContainerRunner runner;
    private final String image;
    private final AtomicLong seq = new AtomicLong();

    RunnerTrivialJob(ContainerRunner runner, String image) {
        this.runner = runner;
        this.image = image;
    }

    @Override
    public String name() {
        return "runner";
    }

    @Override
    public void once() {
        var spec = ContainerSpec.of("bench-" + seq.incrementAndGet(), image).withCommand("true")
                .withSandbox(Sandbox.defaults()).withLabels(Map.of(JobLatencyBench.BENCH_LABEL, "bench"));
        RunOutcome outcome = runner.run(spec, RunListener.NONE);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("runner job did not succeed: " + outcome);
        }
    }
}
