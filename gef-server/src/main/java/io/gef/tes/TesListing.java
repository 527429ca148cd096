package io.gef.tes;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.Job;
import io.gef.jobs.JobPage;
import io.gef.jobs.JobQuery;
import io.gef.jobs.JobService;
import io.gef.jobs.JobState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /tasks}: the caller's tasks (an admin's: everyone's), newest first, filtered by name prefix, state
 * and tag pairs, in pages with an opaque token. The first tag pair is filtered by the job store; further pairs are
 * applied here, reading the store in steps no larger than what the page still needs, so the token always points
 * just past the last task read.
 */
final class TesListing {
    static final int DEFAULT_PAGE = 256;
    static final int MAX_PAGE = 2047;
    /** TES states GEF never enters: asking for them finds nothing. */
    private static final Set<String> NEVER = Set.of("UNKNOWN", "PAUSED", "PREEMPTED", "CANCELING");
    private final JobService jobs;
    private final Viewer viewer;

    interface Viewer {
        TesTask view(Caller caller, Job job, TesView view);
    }

    TesListing(JobService jobs, Viewer viewer) {
        this.jobs = jobs;
        this.viewer = viewer;
    }

    TesTask.Page list(Caller caller, TesQuery q, TesView view) {
        int size = q.pageSize() == null ? DEFAULT_PAGE : q.pageSize();
        if (size < 1 || size > MAX_PAGE) {
            throw new GefException(ErrorCode.BAD_QUERY, "page_size must be between 1 and " + MAX_PAGE);
        }
        JobState state = null;
        if (q.state() != null && !q.state().isEmpty()) {
            if (NEVER.contains(q.state())) {
                return new TesTask.Page(List.of(), null);
            }
            try {
                state = JobState.valueOf(q.state());
            } catch (IllegalArgumentException e) {
                throw new GefException(ErrorCode.BAD_QUERY, "state must be one of the tesState values");
            }
        }
        List<String> keys = q.tagKeys() == null ? List.of() : q.tagKeys();
        List<String> values = q.tagValues() == null ? List.of() : q.tagValues();
        if (values.size() > keys.size()) {
            throw new GefException(ErrorCode.BAD_QUERY, "tag_value is given more often than tag_key");
        }
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String v = i < values.size() ? values.get(i) : null;
            filters.add(v == null || v.isEmpty() ? keys.get(i) : keys.get(i) + "=" + v);
        }
        String cursor = decode(q.pageToken());
        String prefix = q.namePrefix() == null || q.namePrefix().isEmpty() ? null : q.namePrefix();
        List<TesTask> tasks = new ArrayList<>();
        do {
            JobPage page = jobs.list(caller, new JobQuery(null, state, null, filters.isEmpty() ? null
                    : filters.getFirst(), prefix, cursor, size - tasks.size()));
            for (Job j : page.items()) {
                if (filters.stream().skip(1).allMatch(f -> matches(j.tags(), f))) {
                    tasks.add(viewer.view(caller, j, view));
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null && tasks.size() < size);
        return new TesTask.Page(tasks, cursor == null ? null : encode(cursor));
    }

    private static boolean matches(Map<String, String> tags, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? tags.containsKey(filter) : filter.substring(eq + 1).equals(tags.get(filter.substring(0, eq)));
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("gef1:" + cursor)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("gef1:")) {
                return s.substring(5);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400 below
        }
        throw new GefException(ErrorCode.BAD_QUERY, "page_token is not one this server returned");
    }
}
