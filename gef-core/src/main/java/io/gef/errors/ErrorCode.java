package io.gef.errors;

import java.util.Locale;

/**
 * Every machine-readable reason the API answers with, and its HTTP status. The code a client sees ({@link #id()})
 * is the constant's name in lower case, so {@code JOB_NOT_FOUND} is sent as {@code "job_not_found"}; these strings
 * are part of the API and never change. A new failure adds a constant here.
 */
public enum ErrorCode {
    // 400: the request is wrong; the message names the field
    BAD_REQUEST(400), BAD_FIELD(400), BAD_JSON(400), BAD_QUERY(400), BAD_PARAMETER(400), BAD_SANDBOX(400),
    BAD_MOUNT(400), BAD_SPEC(400), BAD_CONTEXT(400), EMPTY_CONTEXT(400), INVALID_ANNOTATIONS(400),
    BAD_ENVELOPE(400), BAD_NAME(400), BAD_PATH(400), BAD_FORMAT(400), BAD_ARCHIVE(400), BAD_ARCHIVE_ENTRY(400),
    BAD_DATASET(400), NOT_A_FOLDER(400), UPLOAD_INTERRUPTED(400), URL_REFUSED(400),
    // 401: who is calling is not established; answered with a WWW-Authenticate header
    UNAUTHORIZED(401), MISSING_TOKEN(401), NO_TOKEN(401), MALFORMED_TOKEN(401), BAD_ALGORITHM(401),
    BAD_SIGNATURE(401), UNKNOWN_KEY(401), UNKNOWN_TOKEN(401), REVOKED_TOKEN(401), EXPIRED_TOKEN(401),
    NOT_YET_VALID(401), WRONG_ISSUER(401), WRONG_AUDIENCE(401), USER_DELETED(401),
    // 403
    FORBIDDEN(403), NO_ROLE(403), ROLE_REQUIRED(403), POLICY_DENIED(403),
    // 404: also what a caller gets for something that exists but is not theirs
    NOT_FOUND(404), JOB_NOT_FOUND(404), SERVICE_NOT_FOUND(404), BUILD_NOT_FOUND(404), USER_NOT_FOUND(404),
    TOKEN_NOT_FOUND(404), NO_PROVENANCE(404), IMAGE_NOT_FOUND(404), PIPELINE_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    // 409: the request is fine but the state of the thing forbids it
    CONFLICT(409), JOB_FINISHED(409), JOB_NOT_FINISHED(409), USER_EXISTS(409), SELF_DELETE(409),
    INPUT_CHANGED(409), VOLUME_SEALED(409), VOLUME_OPEN(409), VOLUME_IN_USE(409), PATH_CONFLICT(409),
    DATASET_EXISTS(409), PIPELINE_FINISHED(409), PIPELINE_NOT_FINISHED(409), VOLUME_BEING_WRITTEN(409),
    // 413
    TOO_LARGE(413), CONTEXT_TOO_LARGE(413), QUOTA_EXCEEDED(413),
    URI_TOO_LONG(414), HEADERS_TOO_LARGE(431),
    // 429
    TOO_MANY_REQUESTS(429), TOO_MANY_FAILURES(429), TOO_MANY_TOKENS(429), TOO_MANY_JOBS(429),
    // 500: our fault; details only in the server log
    INTERNAL(500), CONFIG_INVALID(500),
    // 503: something we depend on is not answering; try again later
    UNAVAILABLE(503), ENGINE_UNAVAILABLE(503), REGISTRY_UNAVAILABLE(503), POLICY_INVALID(503);

    private final int status;
    private final String id;

    ErrorCode(int status) {
        this.status = status;
        this.id = name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP status this code is answered with. */
    public int status() {
        return status;
    }

    /** The code as the API sends it in the {@code error} field, e.g. {@code "job_not_found"}. */
    public String id() {
        return id;
    }

    /** True for 5xx codes: the server (or what it depends on) failed, not the request. */
    public boolean isServerFault() {
        return status >= 500;
    }
}
