package io.portcullis.policy.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class IdentityTest {

    private static final User ALICE = new User("alice", "1", "{bcrypt}x", List.of("editor", "ops"), true, true,
            Map.of("org", "acme"));

    @Test
    void authenticatedWhenAnonymousThenFalse() {
        assertThat(Identity.ANONYMOUS.authenticated()).isFalse();
    }

    @Test
    void schemeWhenAnonymousThenAnonymous() {
        assertThat(Identity.ANONYMOUS.scheme()).isEqualTo("anonymous");
    }

    @Test
    void ofWhenUserAndSchemeThenUsersCurrentRolesAdminAndClaims() {
        assertThat(Identity.of(ALICE, "token"))
                .isEqualTo(new Identity("1", "alice", List.of("editor", "ops"), true, "token", Map.of("org", "acme")));
    }

    @Test
    void authenticatedWhenBuiltFromUserThenTrue() {
        assertThat(Identity.of(ALICE, "jwt").authenticated()).isTrue();
    }

    @Test
    void rolesWhenBuiltThenUsersOrderKept() {
        assertThat(Identity.of(ALICE, "jwt").roles()).containsExactly("editor", "ops");
    }

    @Test
    void constructWhenSchemeNullThenRefused() {
        assertThatNullPointerException().isThrownBy(() -> new Identity("1", "a", List.of(), false, null, Map.of()));
    }
}
