package io.gef.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A half-configured external issuer stops start-up with a message naming the missing key. */
class OidcSettingsTest {
    private static Map<String, String> complete() {
        return new HashMap<>(Map.of("gef.auth.oidc.issuer", "https://idp.example", "gef.auth.oidc.jwks-url",
                "https://idp.example/jwks.json", "gef.auth.oidc.audience", "gef-api"));
    }

    @Test
    void noIssuer_meansTheFeatureIsOff() {
        assertThat(OidcSettings.fromConfig(GefConfig.of(Map.of()))).as("defaults").isEmpty();
    }

    @Test
    void aCompleteIssuer_isReadWithTheDefaultRoleUser() {
        OidcSettings s = OidcSettings.fromConfig(GefConfig.of(complete())).orElseThrow();
        assertThat(s.rolesClaim()).as("roles claim default").isEqualTo("roles");
        assertThat(s.defaultRole()).as("default role").isEqualTo(Role.USER);
    }

    @Test
    void anIssuerWithoutJwksUrlOrAudience_failsNamingTheKey() {
        for (String key : new String[]{"gef.auth.oidc.jwks-url", "gef.auth.oidc.audience"}) {
            Map<String, String> cfg = complete();
            cfg.put(key, "");
            assertThatThrownBy(() -> OidcSettings.fromConfig(GefConfig.of(cfg))).as(key)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(key);
        }
    }

    @Test
    void badValues_failNamingTheKey() {
        Map<String, String> cfg = complete();
        cfg.put("gef.auth.oidc.default-role", "root");
        assertThatThrownBy(() -> OidcSettings.fromConfig(GefConfig.of(cfg))).as("unknown default role")
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.auth.oidc.default-role");
        Map<String, String> url = complete();
        url.put("gef.auth.oidc.jwks-url", "file:///etc/keys.json");
        assertThatThrownBy(() -> OidcSettings.fromConfig(GefConfig.of(url))).as("non-http JWKS URL")
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.auth.oidc.jwks-url");
        Map<String, String> same = complete();
        same.put("gef.auth.oidc.issuer", "gef");
        assertThatThrownBy(() -> OidcSettings.fromConfig(GefConfig.of(same))).as("issuer equal to GEF's own")
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.auth.oidc.issuer");
    }

    @Test
    void anEmptyDefaultRole_meansNoDefault() {
        Map<String, String> cfg = complete();
        cfg.put("gef.auth.oidc.default-role", "");
        assertThat(OidcSettings.fromConfig(GefConfig.of(cfg)).orElseThrow().defaultRole()).as("default role")
                .isNull();
    }
}
