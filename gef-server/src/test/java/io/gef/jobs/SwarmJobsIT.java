package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.engine.DockerEngine;
import io.gef.engine.EngineInfo;
import io.gef.engine.SwarmSettings;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #22, acceptance 1: the jobs suite ({@link JobsIT}) with the swarm engine selected, on the single-node
 * swarm of {@code scripts/swarm start $GEF_TEST_SWARM_DIR} (./gef test starts it). Each job is a replicated-job
 * service. Where Swarm cannot enforce what a plain engine does, the test says so instead.
 */
class SwarmJobsIT extends JobsIT {
    static final String DIR = System.getenv("GEF_TEST_SWARM_DIR");

    @BeforeAll
    static void needsTheSwarm() {
        Assumptions.assumeTrue(DIR != null && !DIR.isBlank(), "GEF_TEST_SWARM_DIR is not set (scripts/swarm start)");
    }

    static String manager() {
        return "unix://" + DIR + "/mgr/docker.sock";
    }

    @Override
    DockerEngine newEngine() {
        return DockerEngine.swarmManager("local", manager(),
                new SwarmSettings(SwarmSettings.NodeLost.FAIL, Optional.empty()));
    }

    /** Swarm has no 'none' network for services: the engine says so rather than pretending. */
    @Test
    @Override
    void networkAccess_fails() {
        EngineInfo info = runner().describe();
        assertThat(info.type()).isEqualTo("swarm");
        assertThat(info.notEnforced()).anyMatch(s -> s.startsWith("network none"));
    }

    /** The task reports only exit code 137 for a kernel OOM kill: the job ends with that code, and the limit is listed. */
    @Test
    @Override
    void allocatingPastTheMemoryLimit_endsExecutorErrorOutOfMemory() {
        assertThat(runner().describe().notEnforced()).anyMatch(s -> s.startsWith("out-of-memory"));
    }
}
