package io.gef.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One recorded change; {@code seq} orders them and pages the list. */
public record AuditEntry(long seq, Instant at, String actorId, String actorName, String address, String action,
                         String target, JsonNode details) {
}
