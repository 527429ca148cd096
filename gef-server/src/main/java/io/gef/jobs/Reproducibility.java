package io.gef.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.store.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The verdict of a replay: every output file of the original and the replay, by {@code <output>/<path>}, with
 * both sha256s; {@code identical} only when both produced exactly the same files with the same bytes.
 */
final class Reproducibility {
    record FileVerdict(String path, String originalSha256, String replaySha256, boolean same) {
    }

    record Verdict(boolean identical, List<FileVerdict> outputs) {
    }

    private Reproducibility() {
    }

    static JsonNode compare(Job original, Job replay, VolumeAccess volumes) {
        Map<String, String> before = OutputFiles.digests(original, volumes);
        Map<String, String> after = OutputFiles.digests(replay, volumes);
        List<FileVerdict> out = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            String a = before.get(path);
            String b = after.get(path);
            out.add(new FileVerdict(path, a, b, a != null && a.equals(b)));
        }
        return JsonCodec.tree(new Verdict(out.stream().allMatch(FileVerdict::same), out));
    }
}
