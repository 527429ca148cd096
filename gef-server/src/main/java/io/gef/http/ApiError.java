package io.gef.http;

/** The one error body every 4xx/5xx answer carries: a stable code and human text. */
record ApiError(String error, String message) {
}
