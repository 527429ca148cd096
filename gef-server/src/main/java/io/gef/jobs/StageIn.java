package io.gef.jobs;

import io.gef.engine.Mount;
import io.gef.errors.GefException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a job's inputs ready to mount, never copying data that already sits on the host: a volume is sealed (so
 * its root digest is fixed for provenance and replay), a dataset is mounted where it is, a URL is fetched into a
 * new sealed volume. Everything is mounted read-only.
 */
final class StageIn {
    static final String UNHASHED = "unhashed";
    private final VolumeAccess volumes;
    private final UrlFetcher fetcher;
    private final JobRecorder recorder;

    /** An input cannot be staged for a reason the user can fix (the job ends EXECUTOR_ERROR, reason INPUT). */
    static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }

    StageIn(VolumeAccess volumes, UrlFetcher fetcher, JobRecorder recorder) {
        this.volumes = volumes;
        this.fetcher = fetcher;
        this.recorder = recorder;
    }

    List<JobInput> stage(Job job) {
        long t0 = System.nanoTime();
        Map<String, Object> started = Map.of("inputs", job.inputs().size());
        if (job.inputs().stream().anyMatch(in -> in.kind().equals("url"))) {
            recorder.event(job.id(), "stage-in-started", started); // a fetch can take long: say so at once
        } else {
            recorder.defer(job.id(), "stage-in-started", started);
        }
        List<JobInput> staged = new ArrayList<>();
        long bytes = 0;
        for (JobInput in : job.inputs()) {
            JobInput s = switch (in.kind()) {
                case "volume", "content" -> {
                    if (volumes.beingWritten(in.volumeId())) {
                        throw new InputException("input " + in.name() + ": volume " + in.volumeId() + " is the output"
                                + " of a job that has not ended");
                    }
                    VolumeAccess.Sealed sealed = volumes.seal(in.volumeId());
                    String vid = volumes.reachableFrom(in.volumeId(), job.engine()) ? in.volumeId()
                            : copy(job, in, sealed);
                    yield in.staged(vid, sealed.rootDigest(), sealed.bytes());
                }
                case "dataset", "file" -> in.staged(null, UNHASHED, 0);
                case "url" -> fetch(job, in);
                default -> throw new IllegalStateException("unknown input kind " + in.kind());
            };
            bytes += s.bytes() == null ? 0 : s.bytes();
            staged.add(s);
        }
        recorder.defer(job.id(), "stage-in-finished", Map.of("bytes", bytes,
                "ms", (System.nanoTime() - t0) / 1_000_000));
        return staged;
    }

    /**
     * Copies an input volume the job's engine does not reach into a new sealed volume there, file by file as it
     * streams (placement chose this engine knowing it: {@link Placement}); the copy has the same root digest. An
     * event says what moved, from where to where, how many bytes and how long it took.
     */
    private String copy(Job job, JobInput in, VolumeAccess.Sealed source) {
        long t0 = System.nanoTime();
        String from = volumes.engineOf(in.volumeId()).orElse("the server's data directory");
        String copy = volumes.create(job.owner(), job.id() + " input " + in.name() + " (copy of " + in.volumeId()
                + ")", job.engine());
        long bytes = 0;
        for (VolumeAccess.FileDigest f : volumes.files(in.volumeId())) {
            try (var body = volumes.read(in.volumeId(), f.path())) {
                volumes.write(copy, f.path(), body, f.size());
            } catch (IOException e) {
                throw new InputException("input " + in.name() + ": copying " + f.path() + " to engine "
                        + job.engine() + " failed: " + e.getMessage());
            }
            bytes += f.size();
        }
        VolumeAccess.Sealed sealed = volumes.seal(copy);
        if (!sealed.rootDigest().equals(source.rootDigest())) {
            throw new IllegalStateException("the copy of " + in.volumeId() + " on engine " + job.engine()
                    + " has another root digest (" + sealed.rootDigest() + ")");
        }
        recorder.event(job.id(), "input-copied", Map.of("input", in.name(), "volume", in.volumeId(), "copy", copy,
                "from", from, "to", job.engine(), "bytes", bytes,
                "seconds", (System.nanoTime() - t0) / 1_000_000 / 1000.0));
        return copy;
    }

    private JobInput fetch(Job job, JobInput in) {
        String vid = volumes.create(job.owner(), job.id() + " input " + in.name(), job.engine());
        try {
            var f = fetcher.fetch(in.url(), n -> recorder.event(job.id(), "stage-in-progress",
                    Map.of("input", in.name(), "bytes", n)), body -> volumes.write(vid, in.filename(), body));
            volumes.seal(vid);
            String got = "sha256:" + f.sha256();
            // before staging, a url input's digest is the sha256 the user expects, if they gave one
            if (in.digest() != null && !in.digest().equals(got)) {
                throw new InputException("input " + in.name() + ": " + in.url() + " has " + got + ", not the expected "
                        + in.digest());
            }
            return in.staged(vid, got, f.bytes());
        } catch (UrlFetcher.FetchException e) {
            throw new InputException("input " + in.name() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new InputException("input " + in.name() + ": cannot fetch " + in.url() + ": " + e.getMessage());
        } catch (GefException e) {
            throw new InputException("input " + in.name() + ": " + e.getMessage());
        }
    }

    /** On a swarm, a job on a dataset runs on the nodes carrying the dataset's node labels (docs/swarm.md). */
    List<String> nearData(List<JobInput> inputs) {
        return inputs.stream().filter(i -> "dataset".equals(i.kind()))
                .flatMap(i -> volumes.datasetNodeLabels(i.dataset()).entrySet().stream())
                .map(e -> "node.labels." + e.getKey() + "==" + e.getValue()).distinct().sorted().toList();
    }

    /** Read-only bind mounts at the declared paths, for a container on {@code engine}. */
    List<Mount> mounts(String engine, List<JobInput> inputs) {
        List<Mount> out = new ArrayList<>();
        for (JobInput in : inputs) {
            // a service's url and content inputs have no path; a TES file input names its file in the volume
            String path = in.path();
            VolumeAccess.MountSource source;
            try {
                source = switch (in.kind()) {
                    case "dataset" -> volumes.datasetMountSource(in.dataset(), path, engine).orElseThrow(() ->
                            new InputException("input " + in.name() + ": dataset " + in.dataset() + " is gone"));
                    case "file" -> new VolumeAccess.MountSource(engine, in.path()); // checked at submission
                    default -> volumes.mountSource(in.volumeId(), path, engine);
                };
            } catch (GefException e) {
                throw new InputException("input " + in.name() + ": " + e.getMessage());
            }
            out.add(Mount.readOnly(Path.of(source.hostPath()), in.containerPath()));
        }
        return out;
    }
}
