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
        app.get("/api/jobs/{id}/crate", ctx -> {
            var caller = Requests.caller(ctx);
            String id = ctx.pathParam("id");
            provenance.envelope(caller, id); // 404 or 409-like failures before the zip starts
            ctx.contentType("application/zip");
            ctx.header("Content-Disposition", "attachment; filename=\"" + id + "-crate.zip\"");
            provenance.crate(caller, id, ctx.res().getOutputStream());
        });
        app.post("/api/provenance/verify", ctx -> ctx.json(
                provenance.verify(Requests.caller(ctx), ctx.bodyAsClass(JsonNode.class))));
    }
}
