package io.gef.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads go out with a pull token already on them; anything else, and a refused token, take the challenge path. */
class PullTokensTest {
    private HttpServer server;
    private String base;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile String accepted = "Bearer pull-gef/sh-1";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/v2/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + auth);
            int status = accepted.equals(auth) ? 200 : 401;
            if (status == 401) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"x\",scope=\"repository:gef/sh:pull\"");
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aReadCarriesAPullTokenOnItsFirstTry_andTheTokenIsReusedForHalfItsLife() throws IOException {
        AtomicInteger minted = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        PullTokens tokens = new PullTokens(repo -> "pull-" + repo + "-" + minted.incrementAndGet(), now::get);
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(tokens).build();

        assertThat(get(http, "/v2/gef/sh/manifests/sha256:abc")).isEqualTo(200);
        assertThat(get(http, "/v2/gef/sh/blobs/sha256:def")).isEqualTo(200);
        assertThat(seen).hasSize(2).allMatch(s -> s.endsWith("Bearer pull-gef/sh-1"));
        assertThat(minted).hasValue(1);

        now.addAndGet(RegistryTokens.TTL.toNanos() / 2 + 1);
        accepted = "Bearer pull-gef/sh-2";
        assertThat(get(http, "/v2/gef/sh/tags/list")).isEqualTo(200);
        assertThat(minted).as("a token past half its life is minted anew").hasValue(2);
    }

    @Test
    void writesAndRequestsWithCredentials_areLeftAlone_andARefusedTokenIsAnsweredByTheChallengePath()
            throws IOException {
        PullTokens tokens = new PullTokens(repo -> "stale", System::nanoTime);
        AtomicInteger challenged = new AtomicInteger();
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(tokens).authenticator((route, response) -> {
            challenged.incrementAndGet();
            return response.priorResponse() != null ? null
                    : response.request().newBuilder().header("Authorization", accepted).build();
        }).build();

        assertThat(get(http, "/v2/gef/sh/manifests/1")).as("the retry's token is not replaced").isEqualTo(200);
        assertThat(seen).containsExactly("GET /v2/gef/sh/manifests/1 Bearer stale",
                "GET /v2/gef/sh/manifests/1 " + accepted);
        assertThat(challenged).hasValue(1);

        seen.clear();
        Request put = new Request.Builder().url(base + "/v2/gef/sh/manifests/1")
                .put(RequestBody.create(new byte[0])).build();
        try (Response r = http.newCall(put).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        assertThat(seen.getFirst()).as("a push asks its own scope through the challenge").endsWith(" null");
        assertThat(PullTokens.repositoryRead(new Request.Builder().url(base + "/v2/").build())).isNull();
        assertThat(PullTokens.repositoryRead(new Request.Builder().url(base + "/v2/_catalog?n=1").build())).isNull();
        assertThat(PullTokens.repositoryRead(new Request.Builder().url(base + "/v2/a/b/c/blobs/uploads/").build()))
                .isEqualTo("a/b/c");
    }

    private int get(OkHttpClient http, String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(base + path).build()).execute()) {
            return r.code();
        }
    }
}
