/**
 * The one failure type every module throws when a client can be told what went wrong ({@link GefException}) and
 * the closed list of machine-readable codes it carries ({@link ErrorCode}), each with its HTTP status. The server's
 * {@code io.gef.http.ErrorMapper} is the one place that turns them into responses.
 */
package io.gef.errors;
