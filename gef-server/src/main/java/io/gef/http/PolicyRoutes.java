package io.gef.http;

import io.gef.policy.PolicyService;
import io.javalin.Javalin;

/**
 * The policy in force and a dry run.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" http://localhost:8080/api/policy
 * curl -H "Authorization: Bearer $T" -d '{"image":"127.0.0.1:5000/gef/wordcount:1.0"}' \
 *      http://localhost:8080/api/policy/evaluate
 * </pre>
 */
final class PolicyRoutes {
    private PolicyRoutes() {
    }

    static void register(Javalin app, PolicyService policy) {
        app.get("/api/policy", ctx -> ctx.json(policy.active()));
        app.post("/api/policy/evaluate", ctx -> ctx.json(
                policy.evaluate(ctx.bodyAsClass(PolicyService.EvaluateRequest.class))));
    }
}
