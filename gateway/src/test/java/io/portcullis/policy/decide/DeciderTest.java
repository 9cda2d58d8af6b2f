package io.portcullis.policy.decide;

import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.expr.PermissionParser;
import io.portcullis.policy.expr.PermissionSyntaxException;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.match.RouteTable;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeciderTest {

    private static final Identity ANONYMOUS = Identity.ANONYMOUS;
    private static final Identity ALICE = new Identity("1", "alice", List.of(), false, "jwt", Map.of());
    private static final Identity EDITOR = new Identity("2", "erin", List.of("editor"), false, "token", Map.of());
    private static final Identity ADMIN = new Identity("0", "root", List.of(), true, "basic", Map.of());
    private static final Map<String, Identity> IDENTITIES = Map.of("anonymous", ANONYMOUS, "alice", ALICE,
            "editor", EDITOR, "admin", ADMIN);

    private static final RouteTable ROUTES = new RouteTable(List.of(
            route("posts", "/api/posts/**", parse("IsAuthenticatedOrReadOnly"),
                    Map.of("DELETE", parse("IsAdminUser | HasRole(editor)"))),
            route("user-profile", "/api/users/{id}/**", parse("IsOwner(id) | IsAdminUser"), Map.of()),
            route("closed", "/closed/**", parse("DenyAll"), Map.of()),
            route("open", "/open/**", parse("AllowAny"), Map.of())));

    private static Permission parse(String expression) {
        try {
            return PermissionParser.parse(expression);
        } catch (PermissionSyntaxException e) {
            throw new IllegalArgumentException(expression, e);
        }
    }

    private static Route route(String id, String path, Permission permission, Map<String, Permission> methods) {
        return new Route(id, List.of(path), URI.create("http://" + id + ":8080"), permission, methods, List.of());
    }

    private static Decision decide(String method, String path, String who) {
        RouteMatch match = ROUTES.match(path).orElseThrow();
        return Decider.decide(match, method, IDENTITIES.get(who));
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @CsvSource({
            "GET,    /api/posts/1, anonymous, 200",
            "HEAD,   /api/posts/1, anonymous, 200",
            "OPTIONS,/api/posts/1, anonymous, 200",
            "POST,   /api/posts,   anonymous, 401",
            "POST,   /api/posts,   alice,     200",
            "PUT,    /api/posts/1, alice,     200",
            "DELETE, /api/posts/1, anonymous, 401",
            "DELETE, /api/posts/1, alice,     403",
            "DELETE, /api/posts/1, editor,    200",
            "DELETE, /api/posts/1, admin,     200",
            "GET,    /api/users/1, alice,     200",
            "GET,    /api/users/2, alice,     403",
            "GET,    /api/users/1, anonymous, 401",
            "GET,    /api/users/2, admin,     200",
            "GET,    /closed/x,    admin,     403",
            "GET,    /closed/x,    anonymous, 401",
            "POST,   /open/x,      anonymous, 200"})
    void decideWhenRequestThenStatusAsDrf(String method, String path, String who, int status) {
        assertThat(decide(method, path, who).verdict().status()).isEqualTo(status);
    }

    @Test
    void decideWhenAnonymousIsDeniedThenNotAuthenticated() {
        assertThat(decide("POST", "/api/posts", "anonymous").verdict()).isEqualTo(Verdict.NOT_AUTHENTICATED);
    }

    @Test
    void decideWhenAuthenticatedIsDeniedThenPermissionDenied() {
        assertThat(decide("DELETE", "/api/posts/1", "alice").verdict()).isEqualTo(Verdict.PERMISSION_DENIED);
    }

    @Test
    void decideWhenGrantedThenGrantedDecision() {
        assertThat(decide("GET", "/api/posts/1", "anonymous").granted()).isTrue();
    }

    @Test
    void decideWhenMethodOverriddenThenOverrideDecidesThatMethod() {
        Decision decision = decide("DELETE", "/api/posts/1", "editor");

        assertThat(decision.permission()).isEqualTo(parse("IsAdminUser | HasRole(editor)"));
    }

    @Test
    void decideWhenMethodNotOverriddenThenRoutePermissionDecides() {
        Decision decision = decide("PUT", "/api/posts/1", "alice");

        assertThat(decision.permission()).isEqualTo(parse("IsAuthenticatedOrReadOnly"));
    }

    @Test
    void decideWhenMethodOverriddenThenRuleNamesTheMethodOverride() {
        assertThat(decide("DELETE", "/api/posts/1", "alice").rule()).isEqualTo("methods.DELETE: IsAdminUser | HasRole(editor)");
    }

    @Test
    void decideWhenRoutePermissionDecidesThenRuleNamesThePermission() {
        assertThat(decide("POST", "/api/posts", "anonymous").rule()).isEqualTo("permission: IsAuthenticatedOrReadOnly");
    }

    @Test
    void decideWhenDecidedThenNamesTheMatchedRoute() {
        assertThat(decide("GET", "/api/users/1", "alice").routeId()).isEqualTo("user-profile");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GRANTED, 200, granted", "NOT_AUTHENTICATED, 401, not_authenticated",
            "PERMISSION_DENIED, 403, permission_denied"})
    void verdictWhenMappedThenStatusAndStableReason(Verdict verdict, int status, String reason) {
        assertThat(verdict.status()).isEqualTo(status);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Verdict.class)
    void grantedWhenVerdictThenOnlyGrantedIsGranted(Verdict verdict) {
        Decision decision = new Decision(verdict, "r", "permission", null);

        assertThat(decision.granted()).isEqualTo(verdict == Verdict.GRANTED);
    }
}
