package io.gef.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Answers a registry's 401 challenge: {@code Basic} with the configured credentials, or {@code Bearer} by fetching
 * a token from the challenge's realm (with the credentials, if any, else anonymously) for its service and scope,
 * as the distribution token protocol specifies. Tokens are cached per scope; one retry per request. With GEF's own
 * {@link RegistryTokens} (it holds the registry's token key) a Bearer challenge is answered by minting a token for
 * the challenge's scope in-process, without asking the realm.
 */
final class RegistryAuth implements Authenticator {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<String> username;
    private final Optional<String> password;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Optional<RegistryTokens> minter;
    private volatile OkHttpClient tokenClient;

    RegistryAuth(Optional<String> username, Optional<String> password, Optional<RegistryTokens> minter) {
        this.username = username;
        this.password = password;
        this.minter = minter;
    }

    void tokenClient(OkHttpClient client) {
        this.tokenClient = client;
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        if (response.priorResponse() != null) {
            return null; // already answered once: the credentials are wrong, give the 401 to the caller
        }
        String challenge = response.header("WWW-Authenticate");
        if (challenge == null) {
            return null;
        }
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            return username.isEmpty() ? null : response.request().newBuilder()
                    .header("Authorization", Credentials.basic(username.get(), password.orElse(""))).build();
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String token = minter.isPresent()
                ? minter.get().mint("gef", List.of(params.getOrDefault("scope", "").split(" ")),
                        RegistryTokens.PULL_PUSH)
                : token(params);
        return token == null ? null : response.request().newBuilder().header("Authorization", "Bearer " + token)
                .build();
    }

    private String token(Map<String, String> challenge) throws IOException {
        HttpUrl realm = challenge.containsKey("realm") ? HttpUrl.parse(challenge.get("realm")) : null;
        if (realm == null) {
            return null;
        }
        HttpUrl.Builder url = realm.newBuilder();
        if (challenge.containsKey("service")) {
            url.addQueryParameter("service", challenge.get("service"));
        }
        if (challenge.containsKey("scope")) {
            url.addQueryParameter("scope", challenge.get("scope"));
        }
        String key = url.build().toString();
        String cached = tokens.get(key);
        if (cached != null) {
            tokens.remove(key); // a cached token that was just refused is stale: fetch once more
        }
        Request.Builder req = new Request.Builder().url(url.build()).get();
        username.ifPresent(u -> req.header("Authorization", Credentials.basic(u, password.orElse(""))));
        try (Response r = tokenClient.newCall(req.build()).execute()) {
            if (!r.isSuccessful()) {
                return null;
            }
            JsonNode body = JSON.readTree(r.body().bytes());
            String token = body.path("token").asText(body.path("access_token").asText(null));
            if (token != null) {
                tokens.put(key, token);
            }
            return token;
        }
    }
}
