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
                    yield in.staged(in.volumeId(), sealed.rootDigest(), sealed.bytes());
                }
                case "dataset" -> in.staged(null, UNHASHED, 0);
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

    private JobInput fetch(Job job, JobInput in) {
        String vid = volumes.create(job.owner(), job.id() + " input " + in.name());
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
            String path = in.kind().equals("url") || in.kind().equals("content") ? null : in.path();
            VolumeAccess.MountSource source;
            try {
                source = switch (in.kind()) {
                    case "dataset" -> volumes.datasetMountSource(in.dataset(), path, engine).orElseThrow(() ->
                            new InputException("input " + in.name() + ": dataset " + in.dataset() + " is gone"));
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
