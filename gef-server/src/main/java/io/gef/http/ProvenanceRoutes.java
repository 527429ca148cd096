package io.gef.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.provenance.Provenance;
import io.javalin.Javalin;

/**
 * Signed provenance.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" http://localhost:8080/api/jobs/job-…/provenance > envelope.json
 * curl -H "Authorization: Bearer $T" --data-binary @envelope.json http://localhost:8080/api/provenance/verify
 * </pre>
 */
final class ProvenanceRoutes {
    private ProvenanceRoutes() {
    }

    static void register(Javalin app, Provenance provenance) {
        app.get("/api/jobs/{id}/provenance", ctx -> ctx.json(
                provenance.envelope(Requests.caller(ctx), ctx.pathParam("id"))));
        app.post("/api/provenance/verify", ctx -> ctx.json(
                provenance.verify(Requests.caller(ctx), ctx.bodyAsClass(JsonNode.class))));
    }
}
