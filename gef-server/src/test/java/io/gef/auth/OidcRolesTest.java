package io.gef.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The roles claim of an external token: where it is read from, what counts, and the default. */
class OidcRolesTest {
    private final OidcRoles roles = new OidcRoles("roles", Role.USER);

    @Test
    void anArrayOfRoles_grantsGefRoles_andDropsTheIssuersOtherRoles() {
        assertThat(roles.from(Map.of("roles", List.of("publisher", "offline_access", "admin", "uma_authorization"))))
                .as("only admin, publisher, user count").containsExactlyInAnyOrder(Role.ADMIN, Role.PUBLISHER);
    }

    @Test
    void aSpaceSeparatedString_isReadLikeAScope() {
        assertThat(roles.from(Map.of("roles", " publisher  openid\tadmin ")))
                .as("whitespace-separated roles").containsExactlyInAnyOrder(Role.ADMIN, Role.PUBLISHER);
    }

    @Test
    void aDottedPath_readsANestedClaim_asKeycloakSendsIt() {
        OidcRoles keycloak = new OidcRoles("realm_access.roles", Role.USER);
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("default-roles-x", "admin")));
        assertThat(keycloak.from(claims)).as("realm_access.roles").containsExactly(Role.ADMIN);
    }

    @Test
    void aClaimWhoseNameContainsDots_winsOverThePathReading() {
        OidcRoles auth0 = new OidcRoles("https://gef.example/roles", null);
        assertThat(auth0.from(Map.of("https://gef.example/roles", List.of("publisher"))))
                .as("URL-named claim").containsExactly(Role.PUBLISHER);
    }

    @Test
    void noGefRole_getsTheDefaultRole() {
        assertThat(roles.from(Map.of("roles", List.of("viewer")))).as("unknown roles only").containsExactly(Role.USER);
        assertThat(roles.from(Map.of("sub", "alice"))).as("claim missing").containsExactly(Role.USER);
        assertThat(roles.from(Map.of("roles", 42))).as("claim of another type").containsExactly(Role.USER);
    }

    @Test
    void noGefRole_andNoDefault_grantsNothing_soTheTokenIsRefused() {
        assertThat(new OidcRoles("roles", null).from(Map.of("roles", List.of("viewer")))).as("no default").isEmpty();
    }

    @Test
    void aPathThroughSomethingNotAnObject_grantsOnlyTheDefault() {
        OidcRoles nested = new OidcRoles("realm_access.roles", Role.USER);
        assertThat(nested.from(Map.of("realm_access", "admin"))).as("realm_access is a string")
                .containsExactly(Role.USER);
    }
}
