package io.gef.http;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.Job;
import io.gef.jobs.JobEvent;
import io.gef.jobs.JobPage;
import io.gef.jobs.JobQuery;
import io.gef.jobs.JobRequest;
import io.gef.jobs.JobService;
import io.gef.jobs.JobState;
import io.gef.jobs.LogLine;
import io.gef.store.JsonCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jobs.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" -d '{"service":"wordcount","inputs":{"text":{"volume":"vol-…"}}}' \
 *      http://localhost:8080/api/jobs
 * curl -H "Authorization: Bearer $T" "http://localhost:8080/api/jobs/job-…/logs?follow=true"
 * curl -N -H "Authorization: Bearer $T" "http://localhost:8080/api/jobs?follow=true&amp;state=RUNNING"
 * curl -H "Authorization: Bearer $T" "http://localhost:8080/api/jobs?name=run&amp;service=wordcount&amp;from=2026-12-01"
 * curl -H "Authorization: Bearer $T" http://localhost:8080/api/jobs/job-…/queue     # {"ahead": 2} while queued
 * </pre>
 */
final class JobRoutes {
    private JobRoutes() {
    }

    static void register(Javalin app, JobService jobs) {
        app.post("/api/jobs", ctx -> ctx.status(201).json(
                jobs.submit(Requests.caller(ctx), ctx.bodyAsClass(JobRequest.class))));
        app.get("/api/jobs", ctx -> {
            if (SseStream.wanted(ctx)) {
                jobs.followList(Requests.caller(ctx), query(ctx), new ListStream(ctx));
            } else {
                ctx.json(jobs.list(Requests.caller(ctx), query(ctx)));
            }
        });
        app.get("/api/jobs/{id}", ctx -> ctx.json(jobs.get(Requests.caller(ctx), ctx.pathParam("id"))));
        app.post("/api/jobs/{id}/replay", ctx -> ctx.status(201).json(
                jobs.replay(Requests.caller(ctx), ctx.pathParam("id"))));
        app.post("/api/jobs/{id}/cancel", ctx -> {
            // the answer waits for the job to end, but no request thread waits with it
            var ended = jobs.cancelAsync(Requests.caller(ctx), ctx.pathParam("id"));
            ctx.future(() -> ended.thenAccept(ctx::json));
        });
        app.get("/api/jobs/{id}/queue", ctx -> {
            Integer ahead = jobs.queuePosition(Requests.caller(ctx), ctx.pathParam("id"));
            ctx.json(Collections.singletonMap("ahead", ahead));
        });
        app.get("/api/jobs/{id}/logs", ctx -> logs(ctx, jobs));
        app.get("/api/jobs/{id}/events", ctx -> events(ctx, jobs));
    }

    private static void logs(Context ctx, JobService jobs) throws Exception {
        String id = ctx.pathParam("id");
        if (SseStream.wanted(ctx)) {
            follow(ctx, jobs, id, true);
            return;
        }
        List<LogLine> lines = jobs.logs(Requests.caller(ctx), id);
        String stream = ctx.queryParam("stream");
        if ("text".equals(ctx.queryParam("format"))) {
            StringBuilder b = new StringBuilder();
            lines.stream().filter(l -> stream == null || l.stream().equals(stream))
                    .forEach(l -> b.append(l.line()).append('\n'));
            ctx.contentType("text/plain; charset=utf-8").result(b.toString());
        } else {
            ctx.json(Map.of("lines", lines.stream().filter(l -> stream == null || l.stream().equals(stream))
                    .toList()));
        }
    }

    private static void events(Context ctx, JobService jobs) throws Exception {
        String id = ctx.pathParam("id");
        if (SseStream.wanted(ctx)) {
            follow(ctx, jobs, id, false);
            return;
        }
        ctx.json(Map.of("events", jobs.events(Requests.caller(ctx), id)));
    }

    /** Streams history then live items until the job ends or the client goes away. */
    private static void follow(Context ctx, JobService jobs, String id, boolean logs) throws Exception {
        var caller = Requests.caller(ctx);
        jobs.get(caller, id); // 404 before committing to a 200 stream
        SseStream sse = new SseStream(ctx);
        jobs.follow(caller, id, new JobService.Follower() {
            @Override
            public boolean onLog(LogLine l) {
                return !logs || sse.send("log", Long.toString(l.seq()), JsonCodec.write(l));
            }

            @Override
            public boolean onEvent(JobEvent e) {
                return logs || sse.send(e.type(), Long.toString(e.seq()), JsonCodec.write(e));
            }

            @Override
            public boolean idle() {
                return sse.heartbeat();
            }
        });
        sse.send("end", null, JsonCodec.write(jobs.get(caller, id).state()));
    }

    /**
     * The live job list as server-sent events: {@code snapshot} (the list page), then {@code job} (a job as just
     * stored) per change, comment heartbeats while idle, and {@code overflow} before the stream ends when the
     * client read too slowly. The response is committed only at the snapshot, so a bad query (say, a cursor this
     * server never returned) still answers a 4xx JSON error.
     */
    private static final class ListStream implements JobService.ListFollower {
        private final Context ctx;
        private SseStream sse;

        ListStream(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean onSnapshot(JobPage page) {
            try {
                sse = new SseStream(ctx);
            } catch (java.io.IOException e) {
                return false; // the client went away before the first byte
            }
            return sse.send("snapshot", null, JsonCodec.write(page));
        }

        @Override
        public boolean onJob(Job job) {
            return sse.send("job", null, JsonCodec.write(job));
        }

        @Override
        public boolean idle() {
            return sse.heartbeat();
        }

        @Override
        public void fellBehind() {
            sse.send("overflow", null, JsonCodec.write(new ApiError("too_slow", "more jobs changed than this"
                    + " stream could deliver; reconnect for a fresh snapshot")));
        }
    }

    private static JobQuery query(Context ctx) {
        JobState state = null;
        String s = ctx.queryParam("state");
        if (s != null && !s.isBlank()) {
            try {
                state = JobState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new GefException(ErrorCode.BAD_QUERY, "state must be one of " + List.of(JobState.values()));
            }
        }
        return new JobQuery(null, state, blankToNull(ctx.queryParam("service")), blankToNull(ctx.queryParam("tag")),
                blankToNull(ctx.queryParam("name")), ctx.queryParam("cursor"),
                Requests.intQuery(ctx, "limit", 50, 1, 500), instant(ctx, "from"), instant(ctx, "to"));
    }

    /** An ISO instant ({@code 2026-12-01T10:00:00Z}) or a date ({@code 2026-12-01}, midnight UTC); null if absent. */
    private static Instant instant(Context ctx, String key) {
        String s = blankToNull(ctx.queryParam(key));
        if (s == null) {
            return null;
        }
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new GefException(ErrorCode.BAD_QUERY, key + " must be a date (2026-12-01) or an instant"
                    + " (2026-12-01T10:00:00Z)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
