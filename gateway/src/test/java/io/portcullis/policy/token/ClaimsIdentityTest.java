package io.portcullis.policy.token;

import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.ClaimNames;
import io.portcullis.policy.model.Issuer.Identities;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code users: claims}: the identity from the token alone. */
class ClaimsIdentityTest {

    private static Issuer issuer(ClaimNames names) {
        return new Issuer("sso", "https://sso", List.of("RS256"), null, null, true, false, null, null, "sub",
                Identities.CLAIMS, names);
    }

    private static final Issuer KEYCLOAK = issuer(new ClaimNames("preferred_username", "realm_access.roles", "admin"));

    private static Identity identity(Issuer issuer, Map<String, Object> claims) {
        return ClaimsIdentity.of(issuer, new ExternalToken("sso", "u-42", claims, Instant.EPOCH), "jwt", List.of("org"));
    }

    @Test
    void ofWhenKeycloakClaimsThenUsernameRolesAndAdmin() {
        Identity identity = identity(KEYCLOAK, Map.of("preferred_username", "alice",
                "realm_access", Map.of("roles", List.of("editor", "admin"))));

        assertThat(identity).isEqualTo(new Identity("u-42", "alice", List.of("editor", "admin"), true, "jwt", Map.of(),
                "sso"));
    }

    @Test
    void ofWhenAdminRoleAbsentThenNotAdmin() {
        Identity identity = identity(KEYCLOAK, Map.of("realm_access", Map.of("roles", List.of("editor"))));

        assertThat(identity.admin()).isFalse();
    }

    @Test
    void ofWhenUsernameClaimMissingThenTheUserId() {
        assertThat(identity(KEYCLOAK, Map.of()).username()).isEqualTo("u-42");
    }

    @Test
    void ofWhenNoClaimNamesThenIdAsUsernameAndNoRoles() {
        Identity identity = identity(issuer(ClaimNames.NONE), Map.of("roles", List.of("admin")));

        assertThat(identity.username()).isEqualTo("u-42");
        assertThat(identity.roles()).isEmpty();
        assertThat(identity.admin()).isFalse();
    }

    @Test
    void ofWhenRolesAreASpaceSeparatedStringThenSplit() {
        Identity identity = identity(issuer(new ClaimNames(null, "scope", null)), Map.of("scope", "read  write"));

        assertThat(identity.roles()).containsExactly("read", "write");
    }

    @Test
    void ofWhenRolesAreACommaSeparatedStringThenSplit() {
        Identity identity = identity(issuer(new ClaimNames(null, "groups", "ops")), Map.of("groups", "dev,ops"));

        assertThat(identity.roles()).containsExactly("dev", "ops");
        assertThat(identity.admin()).isTrue();
    }

    @Test
    void ofWhenRoleHoldsACommaThenLeftOut() {
        Identity identity = identity(issuer(new ClaimNames(null, "groups", null)), Map.of("groups", List.of("a,b", "c", 7)));

        assertThat(identity.roles()).containsExactly("c");
    }

    @Test
    void ofWhenPathCrossesANonObjectThenNoRoles() {
        Identity identity = identity(KEYCLOAK, Map.of("realm_access", "roles"));

        assertThat(identity.roles()).isEmpty();
    }

    @Test
    void ofWhenForwardedClaimIsAStringThenCarried() {
        assertThat(identity(KEYCLOAK, Map.of("org", "acme")).claims()).isEqualTo(Map.of("org", "acme"));
    }
}
