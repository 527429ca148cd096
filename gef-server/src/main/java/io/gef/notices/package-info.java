/**
 * Notices: what admins must hear about that no request asked for (a container found running without a job
 * record, …). Stored in the database, logged as warnings, listed by {@code GET /api/notices} for admins.
 */
package io.gef.notices;
