package io.gef.jobs;

import io.gef.errors.BadRequest;

/**
 * Filters of {@code GET /api/jobs}. {@code owner} null means every owner (admins). {@code tag} is {@code key} or
 * {@code key=value}. {@code cursor} is the opaque value the previous page returned.
 */
public record JobQuery(String owner, JobState state, String service, String tag, String namePrefix, String cursor,
                       int limit) {
    long cursorSeq() {
        if (cursor == null || cursor.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new BadRequest("bad_query", "cursor is not one this server returned");
        }
    }
}
