package io.gef.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The challenge/response of registry auth against a loopback server speaking the distribution token protocol. */
class RegistryAuthTest {
    private HttpServer server;
    private String base;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("gef:s3cret".getBytes());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", ex -> {
            tokenQueries.add(ex.getRequestURI().getQuery());
            if (BASIC.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 200, "{\"token\":\"t-good\"}");
            } else {
                send(ex, 401, "{}");
            }
        });
        server.createContext("/v2/bearer/app/tags/list", ex -> {
            if ("Bearer t-good".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 200, "{\"name\":\"bearer/app\",\"tags\":[\"1.0\"]}");
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\","
                        + "service=\"test-registry\",scope=\"repository:bearer/app:pull\"");
                send(ex, 401, "{}");
            }
        });
        server.createContext("/v2/basic/app/tags/list", ex -> {
            if (BASIC.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 200, "{\"name\":\"basic/app\",\"tags\":[\"2.0\"]}");
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                send(ex, 401, "{}");
            }
        });
        server.start();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void bearerChallenge_fetchesATokenForTheScope_andRetries() {
        var client = new RegistryClient(base, Optional.of("gef"), Optional.of("s3cret"));
        assertThat(client.tags("bearer/app")).containsExactly("1.0");
        assertThat(tokenQueries).singleElement().asString()
                .contains("service=test-registry").contains("scope=repository:bearer/app:pull");
    }

    @Test
    void basicChallenge_sendsTheCredentials() {
        var client = new RegistryClient(base, Optional.of("gef"), Optional.of("s3cret"));
        assertThat(client.tags("basic/app")).containsExactly("2.0");
    }

    @Test
    void wrongCredentials_giveTheRegistrys401_withoutLooping() {
        var client = new RegistryClient(base, Optional.of("gef"), Optional.of("wrong"));
        assertThatThrownBy(() -> client.tags("basic/app")).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).status()).isEqualTo(401);
        assertThatThrownBy(() -> client.tags("bearer/app")).isInstanceOf(RegistryException.class);
    }
}
