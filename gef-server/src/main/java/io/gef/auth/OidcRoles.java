package io.gef.auth;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads GEF roles from a verified token's claims. The claim is named by {@code gef.auth.oidc.roles-claim}: a
 * top-level claim, or a dotted path into nested objects ({@code realm_access.roles} for Keycloak). A claim whose
 * name itself contains dots (Auth0's {@code https://example.com/roles}) wins over the path reading. The value is a
 * JSON array of strings or one space-separated string (the {@code scope} style). Only admin, publisher and user
 * count; the issuer may carry many other roles that mean nothing here.
 */
record OidcRoles(String claim, Role defaultRole) {

    /** GEF's roles in the claims; {@code defaultRole} (if any) when there are none; empty means refuse. */
    Set<Role> from(Map<String, Object> claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object value = claims.containsKey(claim) ? claims.get(claim) : atPath(claims);
        if (value instanceof String s) {
            addAll(roles, java.util.List.of(s.trim().split("\\s+")));
        } else if (value instanceof Collection<?> list) {
            addAll(roles, list);
        }
        if (roles.isEmpty() && defaultRole != null) {
            roles.add(defaultRole);
        }
        return roles;
    }

    private Object atPath(Map<String, Object> claims) {
        Object node = claims;
        for (String part : claim.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        return node;
    }

    private static void addAll(Set<Role> roles, Collection<?> values) {
        for (Object v : values) {
            Role r = v instanceof String s ? Role.parse(s) : null;
            if (r != null) {
                roles.add(r);
            }
        }
    }
}
