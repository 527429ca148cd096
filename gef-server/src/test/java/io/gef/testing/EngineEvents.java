package io.gef.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container events of one GEF instance on one engine, watched live ({@code docker events} as a process) from
 * {@link #watch} to {@link #stop}. Live because an engine replays only its last 256 events for {@code --since}: on
 * a busy shared engine, counting afterwards loses some.
 */
public final class EngineEvents implements AutoCloseable {
    /** One event: {@code create}, {@code start}, {@code destroy}…, and the container's {@code gef.job.id}. */
    public record Event(String action, String jobId) {
    }

    private final Process process;
    private final Path out;

    private EngineEvents(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** @param engineArgs {@code docker} options choosing the engine ({@code -H …}); empty: the default one */
    public static EngineEvents watch(List<String> engineArgs, String instanceId, Path dir) throws IOException {
        // bounded: a test that fails before stop() leaves no watcher behind for long
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/timeout", "1200", "/usr/bin/docker"));
        cmd.addAll(engineArgs);
        cmd.addAll(List.of("events", "--filter", "type=container", "--filter", "label=gef.instance=" + instanceId,
                "--format", "{{.Action}} {{index .Actor.Attributes \"gef.job.id\"}}"));
        Path out = Files.createTempFile(Files.createDirectories(dir), "events", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new EngineEvents(p, out);
    }

    /** Stops watching (after a moment for the last events to arrive) and returns what was seen, in order. */
    public List<Event> stop() throws IOException, InterruptedException {
        Thread.sleep(1000);
        process.destroy();
        process.waitFor();
        return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
            int sp = l.indexOf(' ');
            return sp < 0 ? new Event(l, "") : new Event(l.substring(0, sp), l.substring(sp + 1).trim());
        }).toList();
    }

    /** The most containers that existed at once, from create and destroy events. */
    public static int maxAtOnce(List<Event> events) {
        return maxBetween(events, "create", "destroy");
    }

    /**
     * The most containers running at once, from start and die events: an engine slot is freed when its container
     * stops, so an exited container may still await removal beside the next job's.
     */
    public static int maxRunningAtOnce(List<Event> events) {
        return maxBetween(events, "start", "die");
    }

    private static int maxBetween(List<Event> events, String up, String down) {
        int now = 0;
        int max = 0;
        for (Event e : events) {
            if (e.action().equals(up)) {
                max = Math.max(max, ++now);
            } else if (e.action().equals(down)) {
                now--;
            }
        }
        return max;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
