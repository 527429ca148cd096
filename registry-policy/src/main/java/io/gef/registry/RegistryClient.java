package io.gef.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Client of the trusted OCI registry (Docker distribution v2 API). Reads manifests and labels without pulling.
 *
 * <p>Manifests are always requested with both the Docker v2 and the OCI media types in {@code Accept}; without them
 * distribution 2.8 converts to schema1 and answers another digest.
 */
public final class RegistryClient {
    public static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_V1 = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final OkHttpClient http;
    private final OkHttpClient unauthenticated;
    private final java.util.Optional<RegistryTokens> tokens;

    public RegistryClient(String baseUrl) {
        this(baseUrl, java.util.Optional.empty(), java.util.Optional.empty());
    }

    /** With credentials for registries that ask for them (Basic, or Bearer tokens from the challenge's realm). */
    public RegistryClient(String baseUrl, java.util.Optional<String> username, java.util.Optional<String> password) {
        this(baseUrl, username, password, java.util.Optional.empty());
    }

    /** With GEF's token key: challenges are answered with tokens minted in-process ({@link RegistryTokens}). */
    public RegistryClient(String baseUrl, java.util.Optional<String> username, java.util.Optional<String> password,
                          java.util.Optional<RegistryTokens> tokens) {
        this.tokens = Objects.requireNonNull(tokens);
        this.baseUrl = Objects.requireNonNull(baseUrl).replaceAll("/+$", "");
        OkHttpClient plain = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .followRedirects(true)
                .build();
        RegistryAuth auth = new RegistryAuth(username, password, tokens);
        auth.tokenClient(plain);
        this.unauthenticated = plain;
        OkHttpClient.Builder authenticated = plain.newBuilder().authenticator(auth);
        tokens.ifPresent(t -> authenticated.addInterceptor(PullTokens.of(t)));
        this.http = authenticated.build();
    }

    /** GEF's token minter, when the registry uses token auth: for the engine's pushes and pulls. */
    public java.util.Optional<RegistryTokens> tokens() {
        return tokens;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code host:port} of the registry, as it appears in image references. */
    public String host() {
        return baseUrl.replaceFirst("^https?://", "");
    }

    /**
     * True when {@code GET /v2/} answers 200 (or 401: a registry that wants credentials is still up). The 401 is
     * not answered: whether the registry is up must not depend on its token realm being up too.
     */
    public boolean ping() {
        Request req = new Request.Builder().url(baseUrl + "/v2/").get().build();
        try (Response r = unauthenticated.newCall(req).execute()) {
            return r.code() == 200 || r.code() == 401;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the manifest of {@code repository} at {@code reference} (tag or digest). The digest is computed from
     * the bytes and checked against the registry's {@code Docker-Content-Digest}, so a lying registry is caught.
     */
    public Manifest manifest(String repository, String reference) {
        Request req = new Request.Builder()
                .url(baseUrl + "/v2/" + repository + "/manifests/" + reference)
                .header("Accept", DOCKER_V2)
                .addHeader("Accept", OCI_V1)
                .get().build();
        byte[] bytes;
        String headerDigest;
        try (Response r = http.newCall(req).execute()) {
            check(r, "manifest " + repository + ":" + reference);
            bytes = body(r).bytes();
            headerDigest = r.header("Docker-Content-Digest");
        } catch (IOException e) {
            throw new RegistryException("registry unreachable reading manifest of " + repository, 0, e);
        }
        String digest = sha256(bytes);
        if (headerDigest != null && !headerDigest.equals(digest)) {
            throw new RegistryException("manifest digest mismatch for " + repository + ": registry says "
                    + headerDigest + ", bytes hash to " + digest, 502, null);
        }
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new RegistryException("manifest bytes do not match requested digest " + reference, 502, null);
        }
        JsonNode m = parse(bytes, "manifest");
        String mediaType = m.path("mediaType").asText(OCI_V1);
        if (!mediaType.equals(DOCKER_V2) && !mediaType.equals(OCI_V1)) {
            throw new RegistryException("unsupported manifest type " + mediaType + " for " + repository
                    + " (multi-platform indexes are not supported)", 415, null);
        }
        List<Manifest.Layer> layers = new ArrayList<>();
        for (JsonNode l : m.path("layers")) {
            layers.add(new Manifest.Layer(l.path("digest").asText(), l.path("size").asLong()));
        }
        return new Manifest(digest, mediaType, m.path("config").path("digest").asText(), List.copyOf(layers), bytes);
    }

    /** Resolves a tag (or digest) to the manifest digest, without pulling anything. */
    public String resolve(String repository, String reference) {
        return manifest(repository, reference).digest();
    }

    /** The image config blob (labels live in {@code .config.Labels}). */
    public JsonNode config(String repository, String configDigest) {
        return parse(blob(repository, configDigest), "config blob");
    }

    /** The image's labels, read from its config blob; empty when it has none. */
    public Map<String, String> labels(String repository, Manifest manifest) {
        JsonNode labels = config(repository, manifest.configDigest()).path("config").path("Labels");
        Map<String, String> out = new TreeMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private final SmallBlobs blobs = new SmallBlobs();

    /** A blob's bytes, checked against its digest. Only for small blobs (configs, signatures). */
    public byte[] blob(String repository, String digest) {
        byte[] known = blobs.get(repository, digest);
        if (known != null) {
            return known;
        }
        byte[] b = fetchBlob(repository, digest);
        blobs.put(repository, digest, b);
        return b;
    }

    private byte[] fetchBlob(String repository, String digest) {
        Request req = new Request.Builder().url(baseUrl + "/v2/" + repository + "/blobs/" + digest).get().build();
        try (Response r = http.newCall(req).execute()) {
            check(r, "blob " + digest + " of " + repository);
            byte[] b = body(r).bytes();
            if (!sha256(b).equals(digest)) {
                throw new RegistryException("blob " + digest + " of " + repository + " does not match its digest",
                        502, null);
            }
            return b;
        } catch (IOException e) {
            throw new RegistryException("registry unreachable reading blob of " + repository, 0, e);
        }
    }

    /** Tags of a repository; empty when the repository does not exist. */
    public List<String> tags(String repository) {
        Request req = new Request.Builder().url(baseUrl + "/v2/" + repository + "/tags/list").get().build();
        try (Response r = http.newCall(req).execute()) {
            if (r.code() == 404) {
                return List.of();
            }
            check(r, "tags of " + repository);
            List<String> out = new ArrayList<>();
            parse(body(r).bytes(), "tag list").path("tags").forEach(t -> out.add(t.asText()));
            return out;
        } catch (IOException e) {
            throw new RegistryException("registry unreachable listing tags of " + repository, 0, e);
        }
    }

    /** Repositories in the registry (the catalog API; first 1000). */
    public List<String> repositories() {
        Request req = new Request.Builder().url(baseUrl + "/v2/_catalog?n=1000").get().build();
        try (Response r = http.newCall(req).execute()) {
            check(r, "catalog");
            List<String> out = new ArrayList<>();
            parse(body(r).bytes(), "catalog").path("repositories").forEach(t -> out.add(t.asText()));
            return out;
        } catch (IOException e) {
            throw new RegistryException("registry unreachable listing repositories", 0, e);
        }
    }

    /** Uploads a small blob (monolithic upload) unless the registry has it; returns its digest. */
    public String pushBlob(String repository, byte[] bytes) {
        String digest = sha256(bytes);
        Request head = new Request.Builder().url(baseUrl + "/v2/" + repository + "/blobs/" + digest).head().build();
        try (Response r = http.newCall(head).execute()) {
            if (r.code() == 200) {
                return digest;
            }
        } catch (IOException e) {
            throw new RegistryException("registry unreachable checking blob of " + repository, 0, e);
        }
        Request start = new Request.Builder().url(baseUrl + "/v2/" + repository + "/blobs/uploads/")
                .post(RequestBody.create(new byte[0])).build();
        String location;
        try (Response r = http.newCall(start).execute()) {
            check(r, "blob upload to " + repository);
            location = r.header("Location");
        } catch (IOException e) {
            throw new RegistryException("registry unreachable starting an upload to " + repository, 0, e);
        }
        if (location == null) {
            throw new RegistryException("registry gave no upload location for " + repository, 502, null);
        }
        HttpUrl url = HttpUrl.get(baseUrl).resolve(location);
        if (url == null) {
            throw new RegistryException("registry gave a bad upload location for " + repository, 502, null);
        }
        Request put = new Request.Builder().url(url.newBuilder().addQueryParameter("digest", digest).build())
                .put(RequestBody.create(bytes, MediaType.get("application/octet-stream"))).build();
        try (Response r = http.newCall(put).execute()) {
            check(r, "blob upload to " + repository);
        } catch (IOException e) {
            throw new RegistryException("registry unreachable uploading a blob to " + repository, 0, e);
        }
        return digest;
    }

    /** Stores a manifest under {@code reference} (a tag); returns its digest. */
    public String putManifest(String repository, String reference, String mediaType, byte[] bytes) {
        Request put = new Request.Builder().url(baseUrl + "/v2/" + repository + "/manifests/" + reference)
                .put(RequestBody.create(bytes, MediaType.get(mediaType))).build();
        try (Response r = http.newCall(put).execute()) {
            check(r, "manifest " + repository + ":" + reference);
        } catch (IOException e) {
            throw new RegistryException("registry unreachable storing a manifest in " + repository, 0, e);
        }
        return sha256(bytes);
    }

    /** The raw manifest JSON at {@code reference}, or empty when there is none (for artifacts like signatures). */
    public java.util.Optional<JsonNode> manifestJson(String repository, String reference) {
        Request req = new Request.Builder().url(baseUrl + "/v2/" + repository + "/manifests/" + reference)
                .header("Accept", DOCKER_V2).addHeader("Accept", OCI_V1).get().build();
        try (Response r = http.newCall(req).execute()) {
            if (r.code() == 404) {
                return java.util.Optional.empty();
            }
            check(r, "manifest " + repository + ":" + reference);
            return java.util.Optional.of(parse(body(r).bytes(), "manifest"));
        } catch (IOException e) {
            throw new RegistryException("registry unreachable reading manifest of " + repository, 0, e);
        }
    }

    private static void check(Response r, String what) {
        if (!r.isSuccessful()) {
            throw new RegistryException("registry answered " + r.code() + " for " + what, r.code(), null);
        }
    }

    private static ResponseBody body(Response r) {
        return Objects.requireNonNull(r.body(), "response without body");
    }

    private static JsonNode parse(byte[] bytes, String what) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException("registry sent a " + what + " that is not JSON", 502, e);
        }
    }

    /** {@code sha256:<hex>} of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
