package io.gef.jobs;

import java.util.Map;
import java.util.TreeMap;

/** A job's output files as {@code <output>/<path>} → sha256: how provenance and replays name them. */
public final class OutputFiles {
    private OutputFiles() {
    }

    public static Map<String, String> digests(Job job, VolumeAccess volumes) {
        Map<String, String> m = new TreeMap<>();
        for (JobOutput o : job.outputs()) {
            if (o.volumeId() != null) {
                volumes.files(o.volumeId()).forEach(f -> m.put(o.name() + "/" + f.path(), f.sha256()));
            }
        }
        return m;
    }
}
