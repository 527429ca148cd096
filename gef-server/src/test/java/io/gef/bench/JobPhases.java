package io.gef.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a job's time goes, from the server's own event timestamps: for jobs timed by the client (submitted, then
 * {@code finished} seen on the event stream), the median gap between each pair of consecutive events, the client's
 * submit before the first and its sight of {@code finished} after the last. Same machine, same clock.
 */
final class JobPhases {
    private final List<Timed> jobs = new ArrayList<>();

    record Timed(String id, Instant submitted, Instant seen) {
    }

    void add(String id, Instant submitted, Instant seen) {
        jobs.add(new Timed(id, submitted, seen));
    }

    /** Forgets the jobs so far (the warm-up's), so the phases describe the measured jobs only. */
    void clear() {
        jobs.clear();
    }

    String lastId() {
        return jobs.getLast().id();
    }

    /** Prints one {@code # phases} line: each step with its median milliseconds, in the order they happen. */
    void print(BenchClient client) {
        Map<String, List<Double>> gaps = new LinkedHashMap<>();
        for (Timed t : jobs) {
            JsonNode events = client.api().get("/api/jobs/" + t.id() + "/events", client.admin()).json()
                    .path("events");
            String prev = "submit";
            Instant prevAt = t.submitted();
            for (JsonNode e : events) {
                Instant at = Instant.parse(e.path("at").asText());
                String type = e.path("type").asText();
                gaps.computeIfAbsent(prev + ">" + type, k -> new ArrayList<>())
                        .add(Duration.between(prevAt, at).toNanos() / 1e6);
                prev = type;
                prevAt = at;
            }
            gaps.computeIfAbsent(prev + ">seen", k -> new ArrayList<>())
                    .add(Duration.between(prevAt, t.seen()).toNanos() / 1e6);
        }
        StringJoiner line = new StringJoiner(", ", "# phases, median ms of " + jobs.size() + " jobs: ", "");
        gaps.forEach((k, v) -> line.add(String.format(Locale.ROOT, "%s %.1f%s", k, Stats.median(v),
                v.size() < jobs.size() ? " (" + v.size() + " jobs)" : "")));
        System.out.println(line);
    }
}
