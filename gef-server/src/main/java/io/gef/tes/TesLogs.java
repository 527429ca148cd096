package io.gef.tes;

import io.gef.jobs.Job;
import io.gef.jobs.JobEvent;
import io.gef.jobs.JobOutput;
import io.gef.jobs.VolumeAccess;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's history told as TES task logs: one {@code tesTaskLog} per attempt (a restart that runs the job again
 * begins a new one), with each executor's log from its {@code executor-finished} event, the output files of the
 * last attempt with their sizes, and what went wrong as system logs.
 */
final class TesLogs {
    private final VolumeAccess volumes;

    TesLogs(VolumeAccess volumes) {
        this.volumes = volumes;
    }

    List<TesTask.TaskLog> of(Job job, List<JobEvent> events, List<TesTask.Output> outputs) {
        List<Attempt> attempts = new ArrayList<>();
        Attempt current = null;
        for (JobEvent e : events) {
            switch (e.type()) {
                case "dequeued", "retried" -> attempts.add(current = new Attempt(e.at().toString()));
                case "executor-finished" -> {
                    if (current != null) {
                        current.logs.add(executorLog(e.data()));
                    }
                }
                default -> {
                    if (current != null && e.type().equals("finished")) {
                        current.end = e.at().toString();
                    }
                }
            }
            if (current != null && e.type().equals("retried")) {
                current.system.add("retried: " + e.data().get("reason"));
            }
        }
        if (attempts.isEmpty()) {
            return List.of();
        }
        Attempt last = attempts.getLast();
        if (job.error() != null) {
            last.system.add(job.error().reason() + ": " + job.error().message());
        }
        boolean ended = job.state().isTerminal();
        // a job run by an executor-less native path (a service job) has one executor: the container
        if (last.logs.isEmpty() && job.steps().isEmpty() && ended && job.exitCode() != null) {
            last.logs.add(new TesTask.ExecutorLog(iso(job.startedAt()), iso(job.endedAt()), null, null,
                    job.exitCode()));
        }
        List<TesTask.TaskLog> out = new ArrayList<>();
        for (Attempt a : attempts) {
            boolean isLast = a == last;
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("gef_job", job.id());
            if (job.engine() != null) {
                meta.put("gef_engine", job.engine());
            }
            out.add(new TesTask.TaskLog(List.copyOf(a.logs), meta, a.start, isLast && ended ? iso(job.endedAt())
                    : a.end, isLast && ended ? files(job, outputs) : List.of(), List.copyOf(a.system)));
        }
        return out;
    }

    private static TesTask.ExecutorLog executorLog(Map<String, Object> d) {
        Object exit = d.get("exitCode");
        return new TesTask.ExecutorLog(str(d.get("startTime")), str(d.get("endTime")), str(d.get("stdout")),
                str(d.get("stderr")), exit instanceof Number n ? n.intValue() : -1);
    }

    /**
     * Each output's files: a FILE path, every file below a DIRECTORY, or what a wildcard path matches below its
     * folder, with their sizes. The URL is where the file is: its {@code file://} destination, or the GEF volume
     * that holds it ({@code gef://volumes/ID/PATH}, downloadable at {@code /api/volumes/ID/files/PATH}).
     */
    private List<TesTask.OutputFileLog> files(Job job, List<TesTask.Output> outputs) {
        List<TesTask.OutputFileLog> out = new ArrayList<>();
        for (TesTask.Output o : outputs) {
            String root = TesFiles.outputRoot(o);
            JobOutput holder = job.outputs().stream().filter(v -> v.volumeId() != null)
                    .filter(v -> root.equals(v.containerPath()) || root.startsWith(v.containerPath() + "/"))
                    .max(java.util.Comparator.comparingInt(v -> v.containerPath().length())).orElse(null);
            if (holder == null) {
                continue;
            }
            String rootRel = root.equals(holder.containerPath()) ? "" : root.substring(
                    holder.containerPath().length() + 1);
            boolean single = root.equals(o.path()) && !"DIRECTORY".equals(o.type());
            var matcher = root.equals(o.path()) ? null
                    : FileSystems.getDefault().getPathMatcher("glob:" + o.path().substring(root.length() + 1));
            for (VolumeAccess.FileDigest f : volumes.files(holder.volumeId())) {
                String rel = single ? (f.path().equals(rootRel) ? "" : null) : rootRel.isEmpty() ? f.path()
                        : f.path().startsWith(rootRel + "/") ? f.path().substring(rootRel.length() + 1) : null;
                if (rel == null || matcher != null && !matcher.matches(Path.of(rel))) {
                    continue;
                }
                String url = !o.url().startsWith("file:") ? "gef://volumes/" + holder.volumeId() + "/" + f.path()
                        : single ? o.url() : o.url().replaceFirst("/+$", "") + "/" + rel;
                out.add(new TesTask.OutputFileLog(url, holder.containerPath() + "/" + f.path(),
                        Long.toString(f.size())));
            }
        }
        return out;
    }

    private static String iso(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static final class Attempt {
        final String start;
        String end;
        final List<TesTask.ExecutorLog> logs = new ArrayList<>();
        final List<String> system = new ArrayList<>();

        Attempt(String start) {
            this.start = start;
        }
    }
}
