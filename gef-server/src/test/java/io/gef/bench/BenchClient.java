package io.gef.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the benchmarks do as a client of the real server: publish the {@code sh} example, submit a trivial job and
 * follow its events (server-sent) until {@code finished}, the way a user waiting for a result would.
 */
final class BenchClient {
    private final Api api;
    private final String admin;
    private final int port;
    private final HttpClient sse = HttpClient.newHttpClient();

    BenchClient(Api api, String admin, int port) {
        this.api = api;
        this.admin = admin;
        this.port = port;
    }

    Api api() {
        return api;
    }

    String admin() {
        return admin;
    }

    int port() {
        return port;
    }

    void publish(Path serviceDir) throws InterruptedException {
        Api.Response r = api.send(api.builder("/api/services/builds", admin)
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GefServer.context(serviceDir))));
        require(r, 202);
        String id = r.json().path("id").asText();
        for (int i = 0; i < 2400; i++) {
            String state = api.get("/api/services/builds/" + id, admin).json().path("state").asText();
            if (state.equals("SUCCEEDED")) {
                return;
            }
            if (state.equals("FAILED")) {
                throw new IllegalStateException("build of " + serviceDir + " failed");
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("build of " + serviceDir + " did not end");
    }

    String newUser(String name) {
        return require(api.post("/api/users", admin, Map.of("name", name)), 201).json().path("token").asText();
    }

    String volumeWith(String token, String file, byte[] content) {
        String vol = require(api.post("/api/volumes", token, Map.of("name", "bench")), 201).json().path("id")
                .asText();
        Api.Response up = api.put("/api/volumes/" + vol + "/files/" + file, token, content);
        if (up.status() / 100 != 2) {
            throw new IllegalStateException("upload failed: " + up.status() + " " + up.body());
        }
        return vol;
    }

    /** Submits a trivial {@code sh} job and returns its id once the API answered 201. */
    String submit(String token, String inputVolume, String script) {
        return require(api.post("/api/jobs", token, Map.of("service", "sh", "inputs",
                Map.of("in", Map.of("volume", inputVolume)), "parameters", Map.of("script", script))), 201)
                .json().path("id").asText();
    }

    /** Follows the job's event stream until it says {@code finished}; returns the final state. */
    String awaitFinished(String token, String jobId) {
        HttpRequest req = api.builder("/api/jobs/" + jobId + "/events", token)
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> r = sse.send(req, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = r.body()) {
                Iterator<String> it = lines.iterator();
                boolean finished = false;
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.equals("event: finished") || line.equals("event: end")) {
                        finished = true;
                    } else if (finished && line.startsWith("data:")) {
                        return line;
                    }
                }
            }
            throw new IllegalStateException("event stream of " + jobId + " ended without finished");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode job(String jobId) {
        return require(api.get("/api/jobs/" + jobId, admin), 200).json();
    }

    static Api.Response require(Api.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.body());
        }
        return r;
    }
}
