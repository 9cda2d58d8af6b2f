package io.portcullis.gateway.issuers;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrating from a Django app (DESIGN.md "External token issuers"): access tokens minted by the real SimpleJWT, with its
 * defaults ({@code user_id} as a JSON integer, no iss) and with {@code USER_ID_CLAIM='sub'} and {@code ISSUER} set,
 * pass the gateway as the users.yaml user with that id; everything SimpleJWT itself would refuse is refused.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SimpleJwtMigrationIntegrationTest {

    /** The Django app's SIGNING_KEY, known to the gateway as DJANGO_JWT_SIGNING_KEY. */
    private static final String SIGNING_KEY = "django-insecure-9x!k2m@q7w#e4r$t8y^u1i&o5p*a3s(d6f)g0h";
    private static final GatewayHarness harness = new GatewayHarness();
    private static final SimpleJwtMint DEFAULTS = new SimpleJwtMint(SIGNING_KEY, null, null);
    private static final SimpleJwtMint BY_SUB = new SimpleJwtMint(SIGNING_KEY, "sub", "https://django.example");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("issuers", Map.of("upstream", harness.upstreamUrl(), "more_issuers", ""));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("DJANGO_JWT_SIGNING_KEY", () -> SIGNING_KEY);
        registry.add("management.server.port", () -> "0");
    }

    @BeforeAll
    static void installSimpleJwt() throws IOException, InterruptedException {
        SimpleJwtMint.install();
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    private HttpResponse<String> get(String path, String token) {
        return harness.send(port, "GET", path, "Authorization", "Bearer " + token);
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
    void simpleJwtAccessTokenWithDefaultsIsForwardedAsTheUserWithThatId() {
        HttpResponse<String> response = get("/api/users/1/profile", DEFAULTS.access("1"));

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeader("X-Auth-User-Id")).isEqualTo("1");
        assertThat(received.getHeader("X-Auth-Username")).isEqualTo("alice");
        assertThat(received.getHeader("X-Auth-Roles")).isEqualTo("editor");
        assertThat(received.getHeader("X-Auth-Claim-Org")).isEqualTo("acme");
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("jwt");
        assertThat(received.getHeader("X-Auth-Issuer")).isEqualTo("django");
    }

    @Test
    void simpleJwtAccessTokenWithSubAndIssuerIsForwardedAsThatUser() {
        HttpResponse<String> response = get("/api/users/2/profile", BY_SUB.access("2"));

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeader("X-Auth-User-Id")).isEqualTo("2");
        assertThat(received.getHeader("X-Auth-Username")).isEqualTo("bob");
        assertThat(received.getHeader("X-Auth-Issuer")).isEqualTo("django-sub");
    }

    @Test
    void simpleJwtUserIsStillSubjectToPermissions() {
        HttpResponse<String> response = get("/api/users/2/profile", DEFAULTS.access("1"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertNothingForwarded();
    }

    @Test
    void simpleJwtTokenOfAnUnknownUserIsRefused() {
        HttpResponse<String> response = get("/api/things", DEFAULTS.access("404"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"User not found\",\"code\":\"user_not_found\"}");
        assertNothingForwarded();
    }

    @Test
    void simpleJwtTokenOfAnInactiveUserIsRefused() {
        HttpResponse<String> response = get("/api/things", DEFAULTS.access("3"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}");
        assertNothingForwarded();
    }

    @Test
    void simpleJwtRefreshTokenIsNotAnAccessToken() {
        HttpResponse<String> response = get("/api/things", DEFAULTS.refresh("1"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
        assertNothingForwarded();
    }

    @Test
    void simpleJwtTokenSignedWithAnotherKeyIsRefused() {
        String forged = new SimpleJwtMint("another-django-signing-key-0123456789-abcdef", null, null).access("1");

        HttpResponse<String> response = get("/api/things", forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
        assertNothingForwarded();
    }

    @Test
    void simpleJwtTokenWithAnUnknownIssuerIsRefused() {
        String token = new SimpleJwtMint(SIGNING_KEY, "sub", "https://elsewhere.example").access("1");

        HttpResponse<String> response = get("/api/things", token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
        assertNothingForwarded();
    }

    @Test
    void simpleJwtAccessTokenIsNotVerifiedByTheGatewaysVerifyEndpoint() {
        HttpResponse<String> response = harness.postJson(port, "/auth/token/verify/",
                "{\"token\":\"" + DEFAULTS.access("1") + "\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
    }

    @Test
    void simpleJwtRefreshTokenIsNotRefreshedByTheGateway() {
        HttpResponse<String> response = harness.postJson(port, "/auth/token/refresh/",
                "{\"refresh\":\"" + DEFAULTS.refresh("1") + "\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
    }

    @Test
    void gatewaysOwnTokensStillPassWithTheirOwnIssuer() {
        HttpResponse<String> response = get("/api/users/1/profile", harness.accessToken(GatewayHarness.Users.ALICE));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getHeader("X-Auth-Issuer")).isEqualTo("portcullis");
    }
}
