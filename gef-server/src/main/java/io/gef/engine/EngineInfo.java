package io.gef.engine;

import java.util.List;
import java.util.Map;

/**
 * What an admin sees of one engine: where it is, what it runs, and what this GEF instance has on it. When the
 * engine cannot be reached only {@code id}, {@code endpoint}, {@code reachable=false}, {@code runningJobs} and the
 * configured fields are set.
 *
 * @param os                the engine's platform OS ({@code linux}), what images must be built for
 * @param arch              the engine's platform architecture ({@code amd64}, {@code arm64})
 * @param runningJobs       jobs this server is running on the engine now (from image pull to container removal)
 * @param containers        containers on the engine labelled with this server's instance id, whatever their state
 * @param usernsRemap       whether the engine remaps user namespaces ({@code dockerd --userns-remap}): only then may
 *                          images that expect root run as uid 0
 * @param capacity          jobs it runs at once ({@code maxConcurrentJobs})
 * @param labels            the labels configured for it
 * @param queued            queued jobs waiting for this engine (its slots are full, or it does not answer)
 * @param sharesServerFiles whether GEF's volumes can be bind-mounted there
 * @param type              {@code docker} or {@code swarm} (a manager: jobs become services; containers counts them)
 * @param notEnforced       on a swarm: what a plain engine enforces for a job and Swarm cannot (docs/swarm.md)
 * @param nodes             on a swarm: its nodes, with those GEF refused and why
 */
public record EngineInfo(String id, String endpoint, boolean reachable, String version, String apiVersion, String os,
                         String arch, Integer cpus, Long memoryBytes, int runningJobs, Integer containers,
                         Boolean usernsRemap, Integer capacity, Map<String, String> labels, Integer queued,
                         Boolean sharesServerFiles, String type, List<String> notEnforced,
                         List<SwarmNodes.Node> nodes) {
    static EngineInfo unreachable(String id, String endpoint, int runningJobs) {
        return new EngineInfo(id, endpoint, false, null, null, null, null, null, null, runningJobs, null, null, null,
                Map.of(), null, null, "docker", List.of(), List.of());
    }

    /** This description as a swarm manager's: its services count as containers; its nodes and limits are listed. */
    EngineInfo onSwarm(int services, List<SwarmNodes.Node> swarmNodes) {
        return new EngineInfo(id, endpoint, reachable, version, apiVersion, os, arch, cpus, memoryBytes, runningJobs,
                services, usernsRemap, capacity, labels, queued, sharesServerFiles, "swarm",
                SwarmServices.NOT_ENFORCED, List.copyOf(swarmNodes));
    }

    /** This description with what GEF configured and queued for the engine. */
    EngineInfo placed(int capacityNow, Map<String, String> labelsNow, int queuedNow, boolean shares) {
        return new EngineInfo(id, endpoint, reachable, version, apiVersion, os, arch, cpus, memoryBytes, runningJobs,
                containers, usernsRemap, capacityNow, labelsNow, queuedNow, shares, type, notEnforced, nodes);
    }
}
