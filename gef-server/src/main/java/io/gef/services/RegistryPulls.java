package io.gef.services;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.registry.RegistryTokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trusted registry's token realm: a signed-in user (or an engine given a user's token as its registry
 * password) gets a token that may only pull, whatever the scope asked for. Pushes and deletes are never granted
 * here: GEF's own publishing mints its push tokens in-process ({@link Publisher}).
 */
public final class RegistryPulls {
    private final Optional<RegistryTokens> tokens;
    private final Clock clock;

    RegistryPulls(Optional<RegistryTokens> tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * The distribution token response ({@code token}, {@code access_token}, {@code expires_in}, {@code issued_at})
     * for {@code scopes} ({@code repository:NAME:pull,push}), granting of each only {@code pull}.
     *
     * @throws GefException 404 when the registry is not configured for token auth here
     */
    public Map<String, Object> pullToken(Caller caller, List<String> scopes) {
        RegistryTokens t = tokens.orElseThrow(() -> new GefException(ErrorCode.NOT_FOUND,
                "this server does not issue registry tokens (gef.registry.token-key is not set)"));
        String jwt = t.mint(caller.id(), scopes.stream().flatMap(s -> List.of(s.split(" ")).stream()).toList(),
                RegistryTokens.PULL);
        return Map.of("token", jwt, "access_token", jwt, "expires_in", RegistryTokens.TTL.toSeconds(),
                "issued_at", clock.instant().toString());
    }
}
