package io.portcullis.policy.expr;

import io.portcullis.policy.expr.Permission.AllowAny;
import io.portcullis.policy.expr.Permission.And;
import io.portcullis.policy.expr.Permission.DenyAll;
import io.portcullis.policy.expr.Permission.HasAnyRole;
import io.portcullis.policy.expr.Permission.HasRole;
import io.portcullis.policy.expr.Permission.IsAdminUser;
import io.portcullis.policy.expr.Permission.IsAuthenticated;
import io.portcullis.policy.expr.Permission.IsAuthenticatedOrReadOnly;
import io.portcullis.policy.expr.Permission.IsOwner;
import io.portcullis.policy.expr.Permission.Not;
import io.portcullis.policy.expr.Permission.Or;
import io.portcullis.policy.expr.Permission.ReadOnly;
import io.portcullis.policy.model.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PermissionTest {

    private static final Identity ALICE = new Identity("1", "alice", List.of("editor"), false, "jwt", Map.of());
    private static final Identity ROOT = new Identity("0", "root", List.of(), true, "jwt", Map.of());
    private static final Identity ANONYMOUS = Identity.ANONYMOUS;

    private static RequestFacts facts(String method, Identity identity) {
        return new RequestFacts(method, Map.of(), identity);
    }

    private static RequestFacts facts(String method, Map<String, String> variables, Identity identity) {
        return new RequestFacts(method, variables, identity);
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                arguments("AllowAny grants anonymous", new AllowAny(), facts("POST", ANONYMOUS), true),
                arguments("DenyAll refuses an admin", new DenyAll(), facts("GET", ROOT), false),
                arguments("IsAuthenticated grants a user", new IsAuthenticated(), facts("POST", ALICE), true),
                arguments("IsAuthenticated refuses anonymous", new IsAuthenticated(), facts("GET", ANONYMOUS), false),
                arguments("IsAdminUser grants an admin", new IsAdminUser(), facts("DELETE", ROOT), true),
                arguments("IsAdminUser refuses a non-admin", new IsAdminUser(), facts("GET", ALICE), false),
                arguments("IsAdminUser refuses anonymous", new IsAdminUser(), facts("GET", ANONYMOUS), false),
                arguments("IsAuthenticatedOrReadOnly grants anonymous GET", new IsAuthenticatedOrReadOnly(),
                        facts("GET", ANONYMOUS), true),
                arguments("IsAuthenticatedOrReadOnly grants anonymous HEAD", new IsAuthenticatedOrReadOnly(),
                        facts("HEAD", ANONYMOUS), true),
                arguments("IsAuthenticatedOrReadOnly grants anonymous OPTIONS", new IsAuthenticatedOrReadOnly(),
                        facts("OPTIONS", ANONYMOUS), true),
                arguments("IsAuthenticatedOrReadOnly refuses anonymous POST", new IsAuthenticatedOrReadOnly(),
                        facts("POST", ANONYMOUS), false),
                arguments("IsAuthenticatedOrReadOnly refuses anonymous DELETE", new IsAuthenticatedOrReadOnly(),
                        facts("DELETE", ANONYMOUS), false),
                arguments("IsAuthenticatedOrReadOnly grants a user POST", new IsAuthenticatedOrReadOnly(),
                        facts("POST", ALICE), true),
                arguments("IsAuthenticatedOrReadOnly refuses lower-case get from anonymous",
                        new IsAuthenticatedOrReadOnly(), facts("get", ANONYMOUS), false),
                arguments("ReadOnly grants GET to anyone", new ReadOnly(), facts("GET", ANONYMOUS), true),
                arguments("ReadOnly refuses PUT even to an admin", new ReadOnly(), facts("PUT", ROOT), false),
                arguments("HasRole grants a user with the role", new HasRole("editor"), facts("POST", ALICE), true),
                arguments("HasRole refuses a user without the role", new HasRole("ops"), facts("POST", ALICE), false),
                arguments("HasRole refuses anonymous", new HasRole("editor"), facts("GET", ANONYMOUS), false),
                arguments("HasRole is case-sensitive", new HasRole("Editor"), facts("GET", ALICE), false),
                arguments("HasAnyRole grants when one role matches", new HasAnyRole(List.of("ops", "editor")),
                        facts("POST", ALICE), true),
                arguments("HasAnyRole refuses when none matches", new HasAnyRole(List.of("ops", "billing")),
                        facts("POST", ALICE), false),
                arguments("HasAnyRole refuses anonymous", new HasAnyRole(List.of("ops", "editor")),
                        facts("GET", ANONYMOUS), false),
                arguments("IsOwner grants when the variable is the user's id", new IsOwner("id"),
                        facts("PUT", Map.of("id", "1"), ALICE), true),
                arguments("IsOwner refuses another user's id", new IsOwner("id"),
                        facts("PUT", Map.of("id", "2"), ALICE), false),
                arguments("IsOwner refuses when the variable is absent", new IsOwner("id"),
                        facts("PUT", Map.of("pk", "1"), ALICE), false),
                arguments("IsOwner compares with the id, not the username", new IsOwner("id"),
                        facts("PUT", Map.of("id", "alice"), ALICE), false),
                arguments("IsOwner refuses anonymous", new IsOwner("id"),
                        facts("GET", Map.of("id", "1"), ANONYMOUS), false),
                arguments("IsOwner does not make an admin an owner", new IsOwner("id"),
                        facts("GET", Map.of("id", "1"), ROOT), false),
                arguments("And needs both", new And(new IsAuthenticated(), new IsAdminUser()), facts("GET", ALICE), false),
                arguments("Or needs one", new Or(new IsAdminUser(), new HasRole("editor")), facts("DELETE", ALICE), true),
                arguments("Not inverts", new Not(new IsAuthenticated()), facts("GET", ANONYMOUS), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void grantsWhenEvaluatedThenAnswersAsDrf(String name, Permission permission, RequestFacts facts, boolean granted) {
        assertThat(permission.grants(facts)).isEqualTo(granted);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void safeMethodWhenDrfSafeMethodThenTrue(String method) {
        assertThat(facts(method, ANONYMOUS).safeMethod()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "TRACE", "get", "Head"})
    void safeMethodWhenUnsafeOrNotUpperCaseThenFalse(String method) {
        assertThat(facts(method, ANONYMOUS).safeMethod()).isFalse();
    }

    @Test
    void equalsWhenSameAtomsThenEqual() {
        assertThat(new HasAnyRole(List.of("a", "b"))).isEqualTo(new HasAnyRole(List.of("a", "b")));
    }

    @Test
    void hasAnyRoleWhenListChangesAfterwardsThenUnaffected() {
        List<String> roles = new java.util.ArrayList<>(List.of("ops"));
        HasAnyRole permission = new HasAnyRole(roles);

        roles.add("editor");

        assertThat(permission.grants(facts("GET", ALICE))).isFalse();
    }
}
