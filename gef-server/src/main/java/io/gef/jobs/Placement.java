package io.gef.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Where a queued job runs: on an engine that holds all its datasets and reaches its input volumes (a volume lives
 * on one engine's host, or in the server's data directory, which engines sharing the server's files reach), healthy
 * and with a free slot, the least loaded of those. With {@link Rules#copyInputs}, volumes may be copied: the job
 * goes where the fewest input bytes must move (inputs on two engines: the smaller side is copied), and if those
 * engines had no free slot for {@link Rules#copyAfter}, to another healthy engine with room, copying what it lacks.
 */
final class Placement {
    /** Whether input volumes may be copied to another engine, and after how long waiting for a slot. */
    record Rules(boolean copyInputs, Duration copyAfter) {
        static final Rules WAIT = new Rules(false, Duration.ZERO);
    }

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
    private final Rules rules;
    private final Clock clock;

    Placement(VolumeAccess volumes) {
        this(volumes, Rules.WAIT, Clock.systemUTC());
    }

    Placement(VolumeAccess volumes, Rules rules, Clock clock) {
        this.volumes = volumes;
        this.rules = rules;
        this.clock = clock;
    }

    Decision place(Job job, List<EngineLoad> engines) {
        List<EngineLoad> able = engines.stream().filter(e -> holdsDatasets(job, e.name())
                && (rules.copyInputs() || toCopy(job, e.name()) == 0)).toList();
        if (able.isEmpty()) {
            return new Decision.Never("no configured engine " + (rules.copyInputs() ? "holds all of its datasets"
                    : "reaches all of its data") + " (" + data(job) + ")" + (rules.copyInputs() ? ""
                    : "; inputs on different engines run only with gef.engine.copy-inputs=true"));
        }
        List<String> names = able.stream().map(EngineLoad::name).toList();
        List<EngineLoad> healthy = able.stream().filter(EngineLoad::healthy).toList();
        if (healthy.isEmpty()) {
            return new Decision.Wait("waiting for engine " + String.join(", ", names) + " to answer again", names);
        }
        List<EngineLoad> order = healthy.stream().sorted(Comparator.comparingLong((EngineLoad e) ->
                toCopy(job, e.name())).thenComparingDouble(EngineLoad::load)).toList();
        long fewest = toCopy(job, order.getFirst().name());
        boolean waitedLong = rules.copyInputs() && job.createdAt() != null
                && Duration.between(job.createdAt(), clock.instant()).compareTo(rules.copyAfter()) >= 0;
        for (EngineLoad e : order) {
            long bytes = toCopy(job, e.name());
            if (bytes > fewest && !waitedLong) {
                break;
            }
            if (e.tryTake()) {
                return new Decision.Run(e, why(job, able.size(), bytes, bytes > fewest));
            }
        }
        List<String> holders = order.stream().filter(e -> toCopy(job, e.name()) == fewest).map(EngineLoad::name)
                .toList();
        return new Decision.Wait("waiting for a free slot on engine " + String.join(", ", holders)
                + (rules.copyInputs() && !waitedLong && holders.size() < order.size() ? " (or "
                + rules.copyAfter().toSeconds() + " s, then its inputs are copied to another engine)" : ""), names);
    }

    private String why(Job job, int able, long copied, boolean overflow) {
        if (copied > 0) {
            return "copies " + copied + " bytes of its inputs here: " + (overflow ? "the engines holding them had"
                    + " no free slot for " + rules.copyAfter().toSeconds() + " s" : "its inputs lie on several"
                    + " engines and this one holds the larger side") + " (" + data(job) + ")";
        }
        return job.inputs().stream().anyMatch(i -> !"url".equals(i.kind())) ? "holds its data (" + data(job) + ")"
                : able == 1 ? "the only engine that reaches its data" : "least loaded healthy engine";
    }

    private boolean holdsDatasets(Job job, String engine) {
        return job.inputs().stream().filter(i -> "dataset".equals(i.kind()))
                .allMatch(i -> volumes.datasetEngine(i.dataset()).map(engine::equals).orElse(false));
    }

    /** Bytes of the job's input volumes that {@code engine} does not reach (fetched URLs land where it runs). */
    private long toCopy(Job job, String engine) {
        long bytes = 0;
        for (JobInput in : job.inputs()) {
            if (in.volumeId() != null && !"dataset".equals(in.kind()) && !volumes.reachableFrom(in.volumeId(),
                    engine)) {
                bytes += Math.max(1, volumes.bytes(in.volumeId()));
            }
        }
        return bytes;
    }

    private static String data(Job job) {
        List<String> parts = job.inputs().stream().map(i -> "dataset".equals(i.kind()) ? "dataset " + i.dataset()
                : i.kind() + " input " + i.name()).toList();
        return parts.isEmpty() ? "outputs only" : String.join(", ", parts)
                + (job.outputs().isEmpty() ? "" : ", outputs");
    }
}
