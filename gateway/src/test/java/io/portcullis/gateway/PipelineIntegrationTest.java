package io.portcullis.gateway;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import io.portcullis.gateway.support.SimpleJwtAnswers;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.TokenType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** The request pipeline end to end: a real gateway in front of a real WireMock upstream (DESIGN.md pipeline). */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("pipeline", Map.of(
                "upstream", harness.upstreamUrl(),
                "refused", "http://127.0.0.1:" + FreePort.find()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    private HttpResponse<String> get(String path, String... headers) {
        return harness.send(port, "GET", path, headers);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private LoggedRequest onlyUpstreamRequest() {
        List<LoggedRequest> requests = harness.upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private void assertNothingForwarded() {
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void anonymousRequestOnAllowAnyRouteIsForwardedAsAnonymous() {
        HttpResponse<String> response = get("/public/hello?x=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("upstream");
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getUrl()).isEqualTo("/public/hello?x=1");
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("anonymous");
        assertThat(received.getHeader("X-Auth-Admin")).isEqualTo("false");
        assertThat(received.containsHeader("X-Auth-User-Id")).isFalse();
        assertThat(received.containsHeader("X-Auth-Username")).isFalse();
    }

    @Test
    void authenticatedRequestForwardsTrustedIdentityHeadersAndNoAuthorization() {
        HttpResponse<String> response = get("/api/posts/1", "Authorization", bearer(harness.accessToken(Users.ALICE)));

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeader("X-Auth-User-Id")).isEqualTo("1");
        assertThat(received.getHeader("X-Auth-Username")).isEqualTo("alice");
        assertThat(received.getHeader("X-Auth-Roles")).isEqualTo("editor");
        assertThat(received.getHeader("X-Auth-Admin")).isEqualTo("false");
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("jwt");
        assertThat(received.getHeader("X-Auth-Claim-Org")).isEqualTo("acme");
        assertThat(received.containsHeader("Authorization")).isFalse();
    }

    @Test
    void spoofedIdentityHeadersNeverReachUpstream() {
        HttpResponse<String> response = get("/public/x",
                "X-Auth-User-Id", "99", "x-auth-admin", "true", "X-AUTH-ROLES", "admin", "X-Auth-User-Id", "98",
                "X_Auth_User_Id", "97", "X.Auth.Admin", "true", "x-auth-claim-org", "evil", "X-Api-Key", "k",
                "X-HTTP-Method-Override", "DELETE", "Proxy-Authorization", "Basic eDp5");

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getAllHeaderKeys()).noneMatch(name -> name.toLowerCase().replace('_', '-').replace('.', '-')
                .startsWith("x-auth-") && !List.of("x-auth-scheme", "x-auth-admin").contains(name.toLowerCase()));
        assertThat(received.getHeaders().getHeader("X-Auth-Admin").values()).containsExactly("false");
        assertThat(received.getHeaders().getHeader("X-Auth-Scheme").values()).containsExactly("anonymous");
        assertThat(received.containsHeader("X-Api-Key")).isFalse();
        assertThat(received.containsHeader("X-HTTP-Method-Override")).isFalse();
        assertThat(received.containsHeader("Proxy-Authorization")).isFalse();
    }

    @Test
    void spoofedHeadersOfAnAuthenticatedUserAreReplacedByTheTrustedOnes() {
        get("/api/posts/", "Authorization", bearer(harness.accessToken(Users.BOB)),
                "X-Auth-User-Id", "99", "X-Auth-Admin", "true", "X-Auth-Roles", "admin");

        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeaders().getHeader("X-Auth-User-Id").values()).containsExactly("2");
        assertThat(received.getHeaders().getHeader("X-Auth-Admin").values()).containsExactly("false");
        assertThat(received.getHeaders().getHeader("X-Auth-Roles").values()).containsExactly("");
    }

    @Test
    void connectionHeaderCannotRemoveTheIdentityTheGatewayAdds() {
        RawHttp.Response response = RawHttp.send(port, "GET /api/posts/1 HTTP/1.1",
                "Authorization: " + bearer(harness.accessToken(Users.ALICE)),
                "X-Custom: keep", "Connection: X-Auth-User-Id, X-Auth-Scheme, X-Custom");

        assertThat(response.status()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeader("X-Auth-User-Id")).isEqualTo("1");
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("jwt");
        assertThat(received.containsHeader("X-Custom")).isFalse();
    }

    @Test
    void anonymousRequestDeniedByPermissionGets401WithBearerChallenge() {
        HttpResponse<String> response = get("/admin/panel");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");
        assertNothingForwarded();
    }

    @Test
    void authenticatedRequestDeniedByPermissionGets403() {
        HttpResponse<String> response = get("/admin/panel", "Authorization", bearer(harness.accessToken(Users.BOB)));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).isEqualTo("{\"detail\":\"You do not have permission to perform this action.\"}");
        assertNothingForwarded();
    }

    @Test
    void adminPassesIsAdminUser() {
        assertThat(get("/admin/panel", "Authorization", bearer(harness.accessToken(Users.ROOT))).statusCode()).isEqualTo(200);
    }

    @Test
    void pathWithNoRouteGets404Json() {
        HttpResponse<String> response = get("/nowhere");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"detail\":\"Not found.\"}");
        assertNothingForwarded();
    }

    @Test
    void routeMatchingIsCaseSensitive() {
        assertThat(get("/PUBLIC/x").statusCode()).isEqualTo(404);
    }

    @Test
    void safeMethodOnReadOnlyRouteIsForwardedForAnonymous() {
        assertThat(get("/api/posts/1").statusCode()).isEqualTo(200);
        assertThat(harness.send(port, "POST", "/api/posts/").statusCode()).isEqualTo(401);
    }

    @Test
    void methodRuleOverridesRoutePermissionForItsMethodOnly() {
        String bob = bearer(harness.accessToken(Users.BOB));
        String alice = bearer(harness.accessToken(Users.ALICE));

        assertThat(harness.send(port, "POST", "/api/posts/", "Authorization", bob).statusCode()).isEqualTo(200);
        assertThat(harness.send(port, "DELETE", "/api/posts/1", "Authorization", bob).statusCode()).isEqualTo(403);
        assertThat(harness.send(port, "DELETE", "/api/posts/1", "Authorization", alice).statusCode()).isEqualTo(200);
        assertThat(harness.send(port, "DELETE", "/api/posts/1").statusCode()).isEqualTo(401);
    }

    @Test
    void ownerCheckComparesPathVariableWithUserId() {
        String alice = bearer(harness.accessToken(Users.ALICE));

        assertThat(get("/api/users/1/profile", "Authorization", alice).statusCode()).isEqualTo(200);
        assertThat(get("/api/users/2/profile", "Authorization", alice).statusCode()).isEqualTo(403);
        assertThat(get("/api/users/2/profile", "Authorization", bearer(harness.accessToken(Users.ROOT))).statusCode()).isEqualTo(200);
    }

    @Test
    void defaultPermissionIsAuthenticated() {
        assertThat(get("/api/other").statusCode()).isEqualTo(401);
        assertThat(get("/api/other", "Authorization", bearer(harness.accessToken(Users.BOB))).statusCode()).isEqualTo(200);
    }

    @Test
    void bearerKeywordIsCaseInsensitive() {
        assertThat(get("/api/other", "Authorization", "bEARER " + harness.accessToken(Users.BOB)).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidTokenGets401EvenOnAllowAnyRoute() {
        HttpResponse<String> response = get("/public/x", "Authorization", bearer("not.a.jwt"));

        assertTokenNotValid(response);
        assertNothingForwarded();
    }

    @Test
    void tamperedTokenGets401() {
        String token = harness.accessToken(Users.BOB);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"2\"", "\"99\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertTokenNotValid(get("/admin/x", "Authorization", bearer(tampered)));
        assertNothingForwarded();
    }

    @Test
    void expiredTokenGets401() {
        TokenSettings shortLived = new TokenSettings("HS256", Duration.ofSeconds(-60), Duration.ofDays(1), true, true,
                "portcullis", null, Duration.ZERO, List.of(), null, false, Duration.ZERO);

        assertTokenNotValid(get("/api/other", "Authorization", bearer(harness.token(Users.BOB, TokenType.ACCESS, shortLived))));
    }

    @Test
    void unsignedAlgNoneTokenGets401() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String[] parts = harness.accessToken(Users.ROOT).split("\\.");

        assertTokenNotValid(get("/admin/x", "Authorization", bearer(header + "." + parts[1] + ".")));
        assertNothingForwarded();
    }

    @Test
    void refreshTokenIsNotAcceptedAsAccessToken() {
        String refresh = harness.token(Users.BOB, TokenType.REFRESH, TokenSettings.DEFAULTS);

        assertTokenNotValid(get("/api/other", "Authorization", bearer(refresh)), SimpleJwtAnswers.WRONG_TYPE);
    }

    @Test
    void tokenOfUnknownUserGets401UserNotFound() {
        HttpResponse<String> response = get("/api/other", "Authorization", bearer(harness.accessToken(Users.GHOST)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"User not found\",\"code\":\"user_not_found\"}");
    }

    @Test
    void tokenOfInactiveUserGets401UserInactive() {
        HttpResponse<String> response = get("/public/x", "Authorization", bearer(harness.accessToken(Users.CAROL)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}");
        assertNothingForwarded();
    }

    @Test
    void bearerWithoutTokenGets401() {
        HttpResponse<String> response = get("/public/x", "Authorization", "Bearer");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
        assertNothingForwarded();
    }

    @Test
    void otherAuthorizationSchemeIsNotMineAndRequestStaysAnonymous() {
        assertThat(get("/public/x", "Authorization", "Digest abc").statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().containsHeader("Authorization")).isFalse();
    }

    @Test
    void dotSegmentsAreResolvedBeforeMatchingAndTheResolvedPathIsForwarded() {
        assertThat(RawHttp.send(port, "GET /public/../admin/panel HTTP/1.1").status()).isEqualTo(401);
        assertNothingForwarded();

        assertThat(RawHttp.send(port, "GET /public/a/./b/../c HTTP/1.1").status()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getUrl()).isEqualTo("/public/a/c");
    }

    @Test
    void encodedSlashIsRefusedWith400AndNeverForwarded() {
        RawHttp.Response response = RawHttp.send(port, "GET /public/..%2Fadmin/panel HTTP/1.1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"detail\"");
        assertNothingForwarded();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "PROPFIND"})
    void methodsNeverRoutedAreRefusedNamingTheRoutedMethodsInAllow(String method) {
        RawHttp.Response response = RawHttp.send(port, method + " /public/x HTTP/1.1");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Method \\\"" + method + "\\\" not allowed.\"}");
        assertThat(response.head()).containsIgnoringCase("\r\nAllow: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS\r\n");
        assertNothingForwarded();
    }

    @Test
    void bearerWithoutATokenAnswersSimpleJwtsBadAuthorizationHeader() {
        for (String header : List.of("Bearer", "Bearer a.b.c extra")) {
            HttpResponse<String> response = get("/public/x", "Authorization", header);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Authorization header must contain two space-delimited"
                    + " values\",\"code\":\"bad_authorization_header\"}");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
        }
        assertNothingForwarded();
    }

    @Test
    void lowerCaseMethodIsNotRouted() {
        assertThat(RawHttp.send(port, "get /public/x HTTP/1.1").status()).isEqualTo(405);
        assertNothingForwarded();
    }

    @Test
    void refusedUpstreamConnectionGets502Json() {
        HttpResponse<String> response = get("/down/x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"detail\"");
    }

    private static void assertTokenNotValid(HttpResponse<String> response) {
        assertTokenNotValid(response, SimpleJwtAnswers.INVALID_OR_EXPIRED);
    }

    /** SimpleJWT's JWTAuthentication answer, with {@code message} as the reason in its messages list. */
    private static void assertTokenNotValid(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(SimpleJwtAnswers.bearerRefused(message));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
    }

    @Test
    void healthIsServedOnTheManagementPortOnlyAndNeverThroughARoute() {
        assertThat(harness.send(managementPort, "GET", "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(404);
        assertNothingForwarded();
    }
}
