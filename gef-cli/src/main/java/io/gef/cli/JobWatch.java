package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

/** Waiting for a job: following its log stream, or polling its state, until it ends. */
final class JobWatch {
    static final Set<String> TERMINAL = Set.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED");

    private JobWatch() {
    }

    /**
     * Prints each log line as the server sends it (history first, then live) until the stream's {@code end}
     * event; then returns the job, polling in case the stream was cut before the job ended.
     */
    static JsonNode follow(GefClient client, String id, PrintStream out) {
        streamLogs(client, id, out);
        return await(client, id);
    }

    static void streamLogs(GefClient client, String id, PrintStream out) {
        client.events(client.url("api/jobs/" + id + "/logs", "follow", "true"), e -> {
            if (e.type().equals("log")) {
                try {
                    out.println(Json.MAPPER.readTree(e.data()).path("line").asText());
                } catch (IOException bad) {
                    out.println(e.data());
                }
                out.flush();
            }
            return !e.type().equals("end");
        });
    }

    /** Polls the job (every 0.2 s, backing off to 2 s) until it is in a terminal state. */
    static JsonNode await(GefClient client, String id) {
        long pause = 200;
        while (true) {
            JsonNode job = client.get(client.url("api/jobs/" + id));
            if (TERMINAL.contains(job.path("state").asText())) {
                return job;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(Exit.SERVER_ERROR, null, "interrupted while waiting for " + id);
            }
            pause = Math.min(2000, pause * 3 / 2);
        }
    }

    /** One line: id, state, and why it failed; {@link Exit#JOB_FAILED} unless COMPLETE. */
    static Exit report(JsonNode job, PrintStream out) {
        String state = job.path("state").asText();
        StringBuilder b = new StringBuilder(job.path("id").asText()).append(' ').append(state);
        if (job.hasNonNull("exitCode")) {
            b.append(" (exit ").append(job.path("exitCode").asInt()).append(')');
        }
        JsonNode error = job.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            b.append(": ").append(Text.of(error, "reason")).append(" ").append(Text.of(error, "message"));
        }
        out.println(b);
        return state.equals("COMPLETE") ? Exit.OK : Exit.JOB_FAILED;
    }
}
