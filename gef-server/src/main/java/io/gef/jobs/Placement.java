package io.gef.jobs;

import java.util.Comparator;
import java.util.List;

/**
 * Where a queued job runs: on an engine that reaches all its data (the engine holding its datasets and input
 * volumes; for volumes in the server's data directory, an engine that shares the server's files), healthy and
 * with a free slot, the least loaded of those.
 */
final class Placement {
    /** The outcome for one job now. */
    sealed interface Decision {
        /** Run it on {@code engine} (a slot is already taken there); {@code why} is recorded on the job. */
        record Run(EngineLoad engine, String why) implements Decision {
        }

        /** It waits, for {@code reason}, on one of {@code engines}. */
        record Wait(String reason, List<String> engines) implements Decision {
        }

        /** No configured engine can ever run it. */
        record Never(String reason) implements Decision {
        }
    }

    private final VolumeAccess volumes;

    Placement(VolumeAccess volumes) {
        this.volumes = volumes;
    }

    Decision place(Job job, List<EngineLoad> engines) {
        List<EngineLoad> able = engines.stream().filter(e -> reaches(job, e.engine())).toList();
        if (able.isEmpty()) {
            return new Decision.Never("no configured engine reaches all of its data (" + data(job) + ")");
        }
        List<String> names = able.stream().map(EngineLoad::name).toList();
        List<EngineLoad> healthy = able.stream().filter(EngineLoad::healthy).toList();
        if (healthy.isEmpty()) {
            return new Decision.Wait("waiting for engine " + String.join(", ", names) + " to answer again", names);
        }
        for (EngineLoad e : healthy.stream().sorted(Comparator.comparingDouble(EngineLoad::load)).toList()) {
            if (e.tryTake()) {
                String why = job.inputs().stream().anyMatch(i -> "dataset".equals(i.kind()))
                        ? "holds its data (" + data(job) + ")"
                        : able.size() == 1 ? "the only engine that reaches its data" : "least loaded healthy engine";
                return new Decision.Run(e, why);
            }
        }
        return new Decision.Wait("waiting for a free slot on engine " + String.join(", ", healthy.stream()
                .map(EngineLoad::name).toList()), names);
    }

    /**
     * Every dataset and every input volume is on that engine's host (a volume in the server's data directory: the
     * engine shares the server's files). Outputs and fetched URLs go into new volumes on the engine that runs the job.
     */
    private boolean reaches(Job job, JobEngine engine) {
        for (JobInput in : job.inputs()) {
            boolean there = switch (in.kind()) {
                case "dataset" -> datasetOn(in.dataset(), engine.name());
                case "url" -> true;
                default -> in.volumeId() == null || volumes.engineOf(in.volumeId())
                        .map(engine.name()::equals).orElse(engine.sharesServerFiles());
            };
            if (!there) {
                return false;
            }
        }
        return true;
    }

    private boolean datasetOn(String dataset, String engine) {
        return volumes.datasetEngine(dataset).map(engine::equals).orElse(false);
    }

    private static String data(Job job) {
        List<String> parts = job.inputs().stream().map(i -> "dataset".equals(i.kind()) ? "dataset " + i.dataset()
                : i.kind() + " input " + i.name()).toList();
        return parts.isEmpty() ? "outputs only" : String.join(", ", parts)
                + (job.outputs().isEmpty() ? "" : ", outputs");
    }
}
