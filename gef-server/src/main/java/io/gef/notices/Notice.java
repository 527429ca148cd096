package io.gef.notices;

import java.time.Instant;
import java.util.Map;

/** One notice: when, what kind ({@code orphan-container-stopped}, …), a sentence for people, and the details. */
public record Notice(long seq, Instant at, String kind, String message, Map<String, Object> data) {
}
