package io.gef.auth;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * The optional external OpenID Connect issuer ({@code gef.auth.oidc.*}), validated at start-up: once an issuer is
 * set, its JWKS URL and audience are required, so a half-configured issuer stops the server instead of refusing
 * every token at run time.
 *
 * @param defaultRole the role of a token that carries none of GEF's roles; null refuses such tokens (403)
 */
public record OidcSettings(String issuer, URL jwksUrl, String audience, String rolesClaim, Role defaultRole) {

    /** Empty when {@code gef.auth.oidc.issuer} is blank (the feature is off). */
    public static Optional<OidcSettings> fromConfig(GefConfig c) {
        Optional<String> issuer = c.optional("gef.auth.oidc.issuer");
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        if (issuer.get().equals(c.get("gef.auth.issuer"))) {
            throw new ConfigException("gef.auth.oidc.issuer must differ from gef.auth.issuer ('"
                    + issuer.get() + "'): the issuer decides how a token is verified");
        }
        String jwks = required(c, "gef.auth.oidc.jwks-url");
        URL url;
        try {
            URI uri = URI.create(jwks);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            url = uri.toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw new ConfigException("gef.auth.oidc.jwks-url must be an http(s) URL, got '" + jwks + "'");
        }
        String rolesClaim = required(c, "gef.auth.oidc.roles-claim");
        String def = c.get("gef.auth.oidc.default-role");
        Role defaultRole = def.isBlank() ? null : Role.parse(def);
        if (!def.isBlank() && defaultRole == null) {
            throw new ConfigException("gef.auth.oidc.default-role must be admin, publisher, user or empty, got '"
                    + def + "'");
        }
        return Optional.of(new OidcSettings(issuer.get(), url, required(c, "gef.auth.oidc.audience"), rolesClaim,
                defaultRole));
    }

    private static String required(GefConfig c, String key) {
        return c.optional(key).orElseThrow(() -> new ConfigException(key + " is required when gef.auth.oidc.issuer"
                + " is set"));
    }
}
