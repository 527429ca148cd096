package io.gef.engine;

/**
 * What an admin sees of one engine: where it is, what it runs, and what this GEF instance has on it. When the
 * engine cannot be reached only {@code id}, {@code endpoint}, {@code reachable=false} and {@code runningJobs} are
 * set.
 *
 * @param os          the engine's platform OS ({@code linux}), what images must be built for
 * @param arch        the engine's platform architecture ({@code amd64}, {@code arm64})
 * @param runningJobs jobs this server is running on the engine now (from image pull to container removal)
 * @param containers  containers on the engine labelled with this server's instance id, whatever their state
 * @param usernsRemap whether the engine remaps user namespaces ({@code dockerd --userns-remap}): only then may
 *                    images that expect root run as uid 0
 */
public record EngineInfo(String id, String endpoint, boolean reachable, String version, String apiVersion, String os,
                         String arch, Integer cpus, Long memoryBytes, int runningJobs, Integer containers,
                         Boolean usernsRemap) {
    static EngineInfo unreachable(String id, String endpoint, int runningJobs) {
        return new EngineInfo(id, endpoint, false, null, null, null, null, null, null, runningJobs, null, null);
    }
}
