package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP API as the CLI uses it: JSON in and out, streamed uploads and downloads, server-sent events. Every
 * failure leaves as a {@link CliFailure}: 401 as {@link Exit#AUTH} naming the token, other error answers with the
 * server's {@code {"error","message"}}, an unreachable server with the URL it tried.
 */
final class GefClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType BYTES = MediaType.get("application/octet-stream");
    private final HttpUrl base;
    private final Token token;
    private final OkHttpClient http;

    GefClient(String url, Token token) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw CliFailure.usage("server URL '" + url + "' is not an http(s) URL (--url or GEF_URL)");
        }
        this.base = parsed;
        this.token = token;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(120)).build();
    }

    /** {@code path} relative to the server's root, each segment percent-encoded; query as name, value pairs. */
    HttpUrl url(String path, String... query) {
        HttpUrl.Builder b = base.newBuilder().addPathSegments(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            if (query[i + 1] != null) {
                b.addQueryParameter(query[i], query[i + 1]);
            }
        }
        return b.build();
    }

    JsonNode get(HttpUrl url) {
        return json(request(url).get());
    }

    JsonNode post(HttpUrl url, Object body) {
        return json(request(url).post(RequestBody.create(Json.write(body), JSON)));
    }

    JsonNode delete(HttpUrl url) {
        return json(request(url).delete());
    }

    /** Streams a local file as the body of a PUT. */
    JsonNode put(HttpUrl url, Path file) {
        return json(request(url).put(RequestBody.create(file.toFile(), BYTES)));
    }

    /** Writes the body of a GET to {@code target}, through a temporary file so a cut-off download leaves nothing. */
    long download(HttpUrl url, Path target) {
        try (Response r = execute(http, request(url).get())) {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".gef-download", ".part");
            try (InputStream in = r.body().byteStream()) {
                long n = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                return n;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The body of a GET as text (logs as text). */
    String text(HttpUrl url) {
        try (Response r = execute(http, request(url).get())) {
            return r.body().string();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Reads a server-sent event stream until it ends or {@code sink} returns false; no read timeout. */
    void events(HttpUrl url, Sse.Sink sink) {
        OkHttpClient streaming = http.newBuilder().readTimeout(Duration.ZERO).build();
        try (Response r = execute(streaming, request(url).header("Accept", "text/event-stream").get());
             BufferedReader in = new BufferedReader(new InputStreamReader(r.body().byteStream(),
                     StandardCharsets.UTF_8))) {
            Sse.read(in, sink);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private Request.Builder request(HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + token.value());
    }

    private JsonNode json(Request.Builder request) {
        try (Response r = execute(http, request)) {
            String body = r.body().string();
            return body.isEmpty() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A successful response (the caller closes it), or the failure the error answer stands for. */
    private Response execute(OkHttpClient client, Request.Builder request) throws IOException {
        Response r = client.newCall(request.build()).execute();
        if (r.isSuccessful()) {
            return r;
        }
        try (r) {
            throw failure(r.code(), r.body().string());
        }
    }

    private CliFailure failure(int status, String body) {
        String code = "http_" + status;
        String message = body.isBlank() ? "the server answered HTTP " + status : body.strip();
        try {
            JsonNode e = Json.MAPPER.readTree(body);
            if (e != null && e.hasNonNull("message")) {
                code = e.path("error").asText(code);
                message = e.path("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw text: a proxy's error page says more than nothing
        }
        if (status == 401) {
            return new CliFailure(Exit.AUTH, code, "authentication failed, " + token.describe() + ": " + message
                    + "; run 'gef login' with a valid token (or fix GEF_TOKEN / --token-file)");
        }
        return CliFailure.server(code, message);
    }

    private CliFailure unreachable(IOException e) {
        return new CliFailure(Exit.SERVER_ERROR, null, "cannot reach the GEF server at " + base + " ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "); is it running? set --url or GEF_URL");
    }
}
