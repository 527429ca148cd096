package io.gef.http;

import io.gef.auth.Auth;
import io.gef.auth.Users;
import io.javalin.Javalin;
import java.util.Map;

/**
 * Keys, the current user, personal tokens and (for admins) users.
 *
 * <pre>
 * curl http://localhost:8080/api/keys
 * curl -H "Authorization: Bearer $(cat var/admin.token)" http://localhost:8080/api/me
 * curl -H "Authorization: Bearer $T" -d '{"name":"laptop","expiresInDays":30}' http://localhost:8080/api/tokens
 * curl -H "Authorization: Bearer $(cat var/admin.token)" -d '{"name":"alice","roles":["user"]}' \
 *      http://localhost:8080/api/users
 * </pre>
 */
final class AuthRoutes {
    private AuthRoutes() {
    }

    static void register(Javalin app, Auth auth) {
        Users users = auth.users();
        app.get("/api/keys", ctx -> ctx.json(auth.keys().publicJwks()));
        app.get("/api/me", ctx -> ctx.json(users.me(Requests.caller(ctx))));
        app.post("/api/tokens", ctx -> ctx.status(201).json(
                users.createToken(Requests.caller(ctx), ctx.bodyAsClass(Users.NewToken.class))));
        app.get("/api/tokens", ctx -> ctx.json(Map.of("tokens", users.tokens(Requests.caller(ctx)))));
        app.delete("/api/tokens/{id}", ctx -> {
            users.revokeToken(Requests.caller(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        app.post("/api/users", ctx -> ctx.status(201).json(
                users.create(Requests.caller(ctx), ctx.bodyAsClass(Users.NewUser.class))));
        app.get("/api/users", ctx -> ctx.json(Map.of("users", users.list(Requests.caller(ctx)))));
        app.delete("/api/users/{id}", ctx -> {
            users.delete(Requests.caller(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }
}
