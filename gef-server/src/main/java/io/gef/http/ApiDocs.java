package io.gef.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API's OpenAPI 3.1 document, {@code /openapi.yaml} on the classpath, kept by hand next to the routes (a test
 * fails when a route and the document disagree): {@code GET /api/openapi.yaml} as written, {@code GET
 * /api/openapi.json} the same in JSON. The reference page {@code /api-docs/} renders it with Swagger UI from its
 * webjar, served from this server (no CDN), with no inline script.
 *
 * <pre>curl -s http://127.0.0.1:8080/api/openapi.json</pre>
 */
final class ApiDocs {
    static final String RESOURCE = "/openapi.yaml";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";

    private ApiDocs() {
    }

    static void register(Javalin app) {
        String yaml = yaml();
        String json = json(yaml);
        app.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(yaml));
        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(json));
    }

    /** The reference page and Swagger UI's files; left out when the webjar is not on the classpath. */
    static void staticFiles(JavalinConfig config) {
        String version = swaggerUiVersion();
        if (version == null) {
            return;
        }
        config.staticFiles.add(sf -> {
            sf.hostedPath = "/api-docs/swagger-ui";
            sf.directory = WEBJAR + version;
            sf.location = Location.CLASSPATH;
        });
        config.staticFiles.add(sf -> {
            sf.hostedPath = "/api-docs";
            sf.directory = "/gef-api-docs";
            sf.location = Location.CLASSPATH;
            // the page works under a strict policy: scripts only from this server, no inline script, no eval
            sf.headers = java.util.Map.of("Content-Security-Policy", CSP);
        });
    }

    static String yaml() {
        try (InputStream in = ApiDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(String yaml) {
        try {
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not valid YAML", e);
        }
    }

    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocs.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
