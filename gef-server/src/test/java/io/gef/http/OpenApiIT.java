package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of #21: the OpenAPI document is valid OpenAPI 3.1 (swagger-parser), names exactly the routes the
 * real server serves, and the real server's answers (a run job included) match the document's schemas.
 */
class OpenApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static GefServer server;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data);
        doc = server.api.get("/api/openapi.json", null).json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void document_isValidOpenApi31_andTheYamlAndJsonFormsAgree() throws Exception {
        String yaml = server.api.get("/api/openapi.yaml", null).body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(JSON.readTree(ApiDocs.json(yaml))).isEqualTo(doc);
    }

    @Test
    void everyRoute_isInTheDocument_andEveryDocumentedRoute_exists() {
        Set<String> served = new TreeSet<>(server.gef.routes());
        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (Set.of("get", "post", "put", "delete", "patch").contains(m)) {
                documented.add(m.toUpperCase() + " " + p.getKey());
            }
        }));
        assertThat(served).as("served routes missing from openapi.yaml").isSubsetOf(documented);
        assertThat(documented).as("documented routes the server does not serve").isSubsetOf(served);
        assertThat(served).hasSizeGreaterThan(40);
    }

    @Test
    void realResponses_matchTheirSchemas_errorsIncluded() throws Exception {
        String admin = server.admin;
        List<String> failures = new ArrayList<>();
        server.publishExample("wordcount");
        Path dir = Files.createDirectories(data.resolve("in"));
        Files.writeString(dir.resolve("input.txt"), "one two\nthree\n");
        String vol = server.volumeWith(admin, dir);
        Api.Response submitted = server.api.post("/api/jobs", admin, Map.of("service", "wordcount",
                "inputs", Map.of("text", Map.of("volume", vol))));
        check(failures, "post", "/api/jobs", submitted);
        String job = submitted.json().path("id").asText();
        server.awaitJob(admin, job);
        JsonNode envelope = server.provenance(admin, job);

        check(failures, "get", "/api/health", server.api.get("/api/health", null));
        check(failures, "get", "/api/health/live", server.api.get("/api/health/live", null));
        check(failures, "get", "/api/health/ready", server.api.get("/api/health/ready", null));
        check(failures, "get", "/api/keys", server.api.get("/api/keys", null));
        check(failures, "get", "/api/me", server.api.get("/api/me", admin));
        check(failures, "get", "/api/me", server.api.get("/api/me", null));
        check(failures, "post", "/api/tokens", server.api.post("/api/tokens", admin, Map.of("name", "t")));
        check(failures, "post", "/api/tokens", server.api.post("/api/tokens", admin, "{not json"));
        check(failures, "get", "/api/tokens", server.api.get("/api/tokens", admin));
        check(failures, "post", "/api/users", server.api.post("/api/users", admin, Map.of("name", "carol")));
        check(failures, "get", "/api/users", server.api.get("/api/users", admin));
        check(failures, "get", "/api/services", server.api.get("/api/services?q=word", admin));
        check(failures, "get", "/api/services/{name}", server.api.get("/api/services/wordcount", admin));
        check(failures, "get", "/api/services/{name}/versions/{version}",
                server.api.get("/api/services/wordcount/versions/1.0", admin));
        check(failures, "get", "/api/volumes", server.api.get("/api/volumes", admin));
        check(failures, "get", "/api/volumes", server.api.get("/api/volumes?limit=0", admin));
        check(failures, "get", "/api/volumes/{id}", server.api.get("/api/volumes/" + vol, admin));
        check(failures, "get", "/api/volumes/{id}", server.api.get("/api/volumes/vol-none", admin));
        check(failures, "get", "/api/volumes/{id}/tree", server.api.get("/api/volumes/" + vol + "/tree", admin));
        Api.Response created = server.api.post("/api/volumes", admin, Map.of("name", "x"));
        check(failures, "post", "/api/volumes", created);
        String fresh = created.json().path("id").asText();
        check(failures, "put", "/api/volumes/{id}/files/{path}", server.api.put("/api/volumes/" + fresh
                + "/files/a/b.txt", admin, "hi".getBytes(StandardCharsets.UTF_8)));
        check(failures, "post", "/api/volumes/{id}/seal", server.api.post("/api/volumes/" + fresh + "/seal",
                admin, ""));
        check(failures, "get", "/api/datasets", server.api.get("/api/datasets", admin));
        check(failures, "get", "/api/jobs", server.api.get("/api/jobs", admin));
        check(failures, "get", "/api/jobs", server.api.get("/api/jobs?state=NOPE", admin));
        check(failures, "get", "/api/jobs/{id}", server.api.get("/api/jobs/" + job, admin));
        check(failures, "get", "/api/jobs/{id}/logs", server.api.get("/api/jobs/" + job + "/logs", admin));
        check(failures, "get", "/api/jobs/{id}/events", server.api.get("/api/jobs/" + job + "/events", admin));
        check(failures, "get", "/api/jobs/{id}/provenance", server.api.get("/api/jobs/" + job + "/provenance",
                admin));
        check(failures, "post", "/api/provenance/verify", server.api.post("/api/provenance/verify", admin,
                envelope));
        check(failures, "get", "/api/policy", server.api.get("/api/policy", admin));
        check(failures, "post", "/api/policy/evaluate", server.api.post("/api/policy/evaluate", admin,
                Map.of("image", GefServer.REGISTRY + "/" + server.namespace + "/wordcount:1.0")));
        check(failures, "get", "/api/engines", server.api.get("/api/engines", admin));
        check(failures, "get", "/api/notices", server.api.get("/api/notices", admin));
        assertThat(failures).as("responses that do not match openapi.yaml").isEmpty();
        assertThat(new String(Base64.getDecoder().decode(envelope.path("payload").asText()),
                StandardCharsets.UTF_8)).contains(job);
    }

    /** Validates one real answer against the schema the document gives for its route, method and status. */
    private static void check(List<String> failures, String method, String template, Api.Response r) {
        JsonNode response = doc.path("paths").path(template).path(method).path("responses")
                .path(Integer.toString(r.status()));
        if (response.has("$ref")) {
            response = doc.at(response.path("$ref").asText().substring(1));
        }
        if (response.isMissingNode()) {
            failures.add(method + " " + template + ": status " + r.status() + " is not documented: " + r.body());
            return;
        }
        if (r.status() >= 400) {
            assertThat(r.json().path("requestId").asText()).as("request id in the error body of " + template)
                    .isNotBlank().isEqualTo(r.header("X-Request-Id"));
        }
        JsonNode schemaNode = response.path("content").path("application/json").path("schema");
        if (schemaNode.isMissingNode()) {
            return;
        }
        String pointer = "#/paths/" + escape(template) + "/" + method + "/responses/" + r.status()
                + "/content/application~1json/schema";
        if (response != doc.path("paths").path(template).path(method).path("responses")
                .path(Integer.toString(r.status()))) {
            pointer = "#/components/responses/Error/content/application~1json/schema";
        }
        Set<ValidationMessage> errors = validate(pointer, r.json());
        if (!errors.isEmpty()) {
            failures.add(method + " " + template + " " + r.status() + ": " + errors + " in " + r.body());
        }
    }

    /** Validates {@code body} against the schema at {@code pointer} of the document (JSON Schema 2020-12). */
    private static Set<ValidationMessage> validate(String pointer, JsonNode body) {
        ObjectNode root = doc.deepCopy();
        root.put("$ref", pointer);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root).validate(body);
    }

    @Test
    void theSchemaCheck_rejectsAnAnswerThatDoesNotMatch() throws Exception {
        assertThat(validate("#/components/schemas/User", JSON.readTree("{\"id\": 5, \"name\": \"x\"}")))
                .as("id is a number and roles are missing").hasSizeGreaterThanOrEqualTo(2);
        assertThat(validate("#/components/schemas/Error", JSON.readTree("{\"error\": \"x\", \"message\": \"y\"}")))
                .as("an error without its request id").isNotEmpty();
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }
}
