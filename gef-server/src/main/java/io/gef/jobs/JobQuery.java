package io.gef.jobs;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.time.Instant;

/**
 * Filters of {@code GET /api/jobs}. {@code owner} null means every owner (admins). {@code tag} is {@code key} or
 * {@code key=value}. {@code cursor} is the opaque value the previous page returned. {@code createdFrom} (inclusive)
 * and {@code createdTo} (exclusive) bound when the job was submitted; null leaves that side open.
 */
public record JobQuery(String owner, JobState state, String service, String tag, String namePrefix, String cursor,
                       int limit, Instant createdFrom, Instant createdTo) {
    /** A query without a date range. */
    public JobQuery(String owner, JobState state, String service, String tag, String namePrefix, String cursor,
                    int limit) {
        this(owner, state, service, tag, namePrefix, cursor, limit, null, null);
    }

    long cursorSeq() {
        if (cursor == null || cursor.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new GefException(ErrorCode.BAD_QUERY, "cursor is not one this server returned");
        }
    }

    /** This query limited to what {@code caller} may see: their own jobs, or everyone's for an admin. */
    JobQuery ownedBy(Caller caller) {
        return new JobQuery(caller.isAdmin() ? null : caller.id(), state, service, tag, namePrefix, cursor, limit,
                createdFrom, createdTo);
    }

    /** True when {@code job} passes the filters (all but the cursor and limit), as the store's list applies them. */
    boolean matches(Job job) {
        return (owner == null || owner.equals(job.owner()))
                && (state == null || state == job.state())
                && (service == null || service.equals(job.serviceName()))
                && (namePrefix == null || job.name() != null && job.name().startsWith(namePrefix))
                && (tag == null || tagMatches(job.tags()))
                && (createdFrom == null || !job.createdAt().isBefore(createdFrom))
                && (createdTo == null || job.createdAt().isBefore(createdTo));
    }

    private boolean tagMatches(java.util.Map<String, String> tags) {
        int eq = tag.indexOf('=');
        if (tags == null) {
            return false;
        }
        if (eq < 0) {
            return tags.containsKey(tag);
        }
        return tag.substring(eq + 1).equals(tags.get(tag.substring(0, eq)));
    }
}
