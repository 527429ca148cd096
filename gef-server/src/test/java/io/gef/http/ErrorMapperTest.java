package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.config.ConfigException;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.policy.PolicyException;
import io.gef.registry.RegistryException;
import io.gef.store.StoreException;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one exception-to-HTTP mapping, over a real socket: each route throws one failure. */
class ErrorMapperTest {
    private static final String SECRET = "/var/lib/gef/secret.db: SELECT * FROM users";
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        app = Javalin.create(c -> c.showJavalinBanner = false);
        ErrorMapper.install(app);
        Map<String, RuntimeException> failures = Map.of(
                "gef", new GefException(ErrorCode.JOB_NOT_FOUND, "job j1 not found"),
                "denied", new GefException(ErrorCode.POLICY_DENIED, "denied", null, Map.of("decision", "no")),
                "token", new GefException(ErrorCode.EXPIRED_TOKEN, "token expired"),
                "registry-down", new RegistryException(SECRET, 0, null),
                "registry-404", new RegistryException(SECRET, 404, null),
                "policy", new PolicyException(SECRET),
                "config", new ConfigException(SECRET),
                "store", new StoreException(SECRET, new SQLException(SECRET)),
                "bug", new IllegalStateException(SECRET));
        failures.forEach((name, e) -> app.get("/" + name, ctx -> {
            throw e;
        }));
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertAnswer(String path, int status, String code) throws Exception {
        var r = get(path);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(r.statusCode()).as(path + " status").isEqualTo(status);
        assertThat(body.path("error").asText()).as(path + " code").isEqualTo(code);
        assertThat(r.body()).as(path + " never leaks the internal message").doesNotContain("secret", "SELECT");
    }

    @Test
    void gefException_answersItsCodesStatusAndMessage() throws Exception {
        assertAnswer("/gef", 404, "job_not_found");
        assertThat(get("/gef").body()).as("message").contains("job j1 not found");
    }

    @Test
    void details_joinTheBody() throws Exception {
        var body = Json.mapper().readTree(get("/denied").body());
        assertThat(body.path("decision").asText()).as("decision").isEqualTo("no");
        assertAnswer("/denied", 403, "policy_denied");
    }

    @Test
    void unauthorized_carriesAWwwAuthenticateChallenge() throws Exception {
        assertAnswer("/token", 401, "expired_token");
        assertThat(get("/token").headers().firstValue("WWW-Authenticate")).as("challenge")
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer error=\"invalid_token\""));
    }

    @Test
    void registryFailures_areUnavailableOrNotFound_notA500() throws Exception {
        assertAnswer("/registry-down", 503, "registry_unavailable");
        assertAnswer("/registry-404", 404, "image_not_found");
    }

    @Test
    void anInvalidPolicyFile_isUnavailableWithItsOwnCode() throws Exception {
        assertAnswer("/policy", 503, "policy_invalid");
    }

    @Test
    void aConfigurationProblem_isA500WithItsOwnCode() throws Exception {
        assertAnswer("/config", 500, "config_invalid");
    }

    @Test
    void storeFailuresAndBugs_areAGeneric500WithAReference() throws Exception {
        assertAnswer("/store", 500, "internal");
        assertAnswer("/bug", 500, "internal");
        assertThat(get("/store").body()).as("reference to quote").contains("reference");
    }

    @Test
    void translate_keepsTheCauseForTheLog() {
        var e = new RegistryException(SECRET, 502, null);
        assertThat(ErrorMapper.translate(e)).as("translated").isNotNull()
                .satisfies(g -> assertThat(g.getCause()).as("cause").isSameAs(e));
        assertThat(ErrorMapper.translate(new IllegalStateException("x"))).as("unknown").isNull();
    }
}
