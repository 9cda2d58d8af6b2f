package io.portcullis.gateway.issuers;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jsonwebtoken.Jwts;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.token.ExternalTokenMint;
import io.portcullis.policy.token.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenID Connect provider's tokens through the running gateway, with the keys the gateway itself discovers and
 * fetches (no test key source): a WireMock stand-in serves the discovery document and a JWKS that rotates and then
 * fails. The provider's tokens are accepted once its keys arrive, a new kid is fetched on first sight, a removed kid
 * stops verifying, and a failing provider keeps its last good keys.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(OidcProviderIntegrationTest.GatewayClock.class)
class OidcProviderIntegrationTest {

    /** The gateway's clock, moved past the 30 s between unknown-kid fetches instead of waiting for them. */
    private static final MovableClock CLOCK = new MovableClock(Instant.now());

    @TestConfiguration
    static class GatewayClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    private static final KeyPair FIRST = TestJwks.RSA_A;
    private static final KeyPair ROTATED = TestJwks.RSA_B;
    private static final WireMockServer provider = started();
    private static final String ISSUER = "http://127.0.0.1:" + provider.port() + "/realms/acme";
    private static final GatewayHarness harness = new GatewayHarness();
    private static final Path POLICY_DIR = PolicyFixture.write("issuers", Map.of("upstream", harness.upstreamUrl(),
            "more_issuers", """
              - id: sso
                issuer: %s
                discovery: true
                allow_http: true
                audience: legacy-apis
                algorithms: [RS256]
                user_claim: sub
                users: claims
                claims: { username: preferred_username, roles: realm_access.roles, admin_role: admin }
            """.formatted(ISSUER)));

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String issuer = "http://127.0.0.1:" + server.port() + "/realms/acme";
        server.stubFor(get("/realms/acme/.well-known/openid-configuration").willReturn(okJson(TestJwks.json(Map.of(
                "issuer", issuer, "jwks_uri", issuer + "/protocol/openid-connect/certs")))));
        server.stubFor(get("/realms/acme/protocol/openid-connect/certs")
                .willReturn(okJson(TestJwks.set(TestJwks.rsa("k1", FIRST)))));
        return server;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", POLICY_DIR::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("DJANGO_JWT_SIGNING_KEY", () -> "a-django-signing-key-of-at-least-32-bytes");
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        harness.stop();
        provider.stop();
    }

    private static String token(String kid, KeyPair pair, String sub) {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", sub);
        claims.put("aud", "legacy-apis");
        claims.put("exp", now.plusSeconds(300).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("preferred_username", sub + ".sso");
        claims.put("realm_access", Map.of("roles", List.of("editor")));
        return ExternalTokenMint.sign(claims, kid, pair.getPrivate(), Jwts.SIG.RS256);
    }

    private int status(String token) {
        return harness.send(port, "GET", "/api/editors/drafts", "Authorization", "Bearer " + token).statusCode();
    }

    /** The first fetch runs in the background after start-up: a bound on how long it may take, not a timing claim. */
    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.get()) {
            assertThat(Instant.now()).as("condition met within 20 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void providerTokensFollowTheKeysTheGatewayDiscoversRotatesAndKeeps() throws InterruptedException {
        String first = token("k1", FIRST, "u-1");
        await(() -> status(first) != 503);

        harness.upstream().resetRequests();
        HttpResponse<String> accepted = harness.send(port, "GET", "/api/editors/drafts", "Authorization",
                "Bearer " + first);
        assertThat(accepted.statusCode()).isEqualTo(200);
        LoggedRequest forwarded = harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0);
        assertThat(forwarded.getHeader("X-Auth-Issuer")).isEqualTo("sso");
        assertThat(forwarded.getHeader("X-Auth-User-Id")).isEqualTo("u-1");
        assertThat(forwarded.getHeader("X-Auth-Username")).isEqualTo("u-1.sso");
        String healthy = issuersHealth();
        assertThat(healthy).contains("\"status\":\"UP\"", "\"keys\":\"fetched\"", "\"kids\":[\"k1\"]",
                "\"django\":{\"keys\":\"secret\"}", "/protocol/openid-connect/certs");

        // The provider rotates: k2 replaces k1. A token naming k2 makes the gateway fetch again, once, and is accepted.
        provider.stubFor(get("/realms/acme/protocol/openid-connect/certs")
                .willReturn(okJson(TestJwks.set(TestJwks.rsa("k2", ROTATED)))));
        int fetchesBefore = provider.findAll(getRequestedFor(urlEqualTo("/realms/acme/protocol/openid-connect/certs"))).size();
        assertThat(status(token("k2", ROTATED, "u-2"))).isEqualTo(200);
        assertThat(provider.findAll(getRequestedFor(urlEqualTo("/realms/acme/protocol/openid-connect/certs"))))
                .hasSize(fetchesBefore + 1);
        // k1 is gone from the provider's set: its tokens stop verifying, also the one accepted (and cached) above.
        assertThat(status(first)).isEqualTo(401);
        // A token signed by a key the provider never published, naming a known kid, is refused.
        assertThat(status(token("k2", FIRST, "u-3"))).isEqualTo(401);

        // The provider fails (a token naming an unknown kid, 30 s after the last such fetch, makes the gateway ask):
        // the last good keys stay in use.
        provider.stubFor(get("/realms/acme/protocol/openid-connect/certs").willReturn(aResponse().withStatus(500)));
        CLOCK.set(Instant.now().plusSeconds(31));
        int fetchesBeforeFailure = provider.findAll(getRequestedFor(urlEqualTo("/realms/acme/protocol/openid-connect/certs"))).size();
        assertThat(status(token("k3", ROTATED, "u-4"))).isEqualTo(401);
        assertThat(provider.findAll(getRequestedFor(urlEqualTo("/realms/acme/protocol/openid-connect/certs"))))
                .hasSize(fetchesBeforeFailure + 1);
        assertThat(status(token("k2", ROTATED, "u-5"))).isEqualTo(200);
        // The failed fetch (the unknown k3 asked for one) shows in health, which stays 200: other tokens still work.
        HttpResponse<String> health = harness.send(managementPort, "GET", "/actuator/health/issuers");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"DEGRADED\"", "\"keys\":\"last good\"", "\"kids\":[\"k2\"]",
                "\"failureReason\"").doesNotContain("\"n\":", "BEGIN");
    }

    private String issuersHealth() {
        HttpResponse<String> health = harness.send(managementPort, "GET", "/actuator/health/issuers");
        assertThat(health.statusCode()).isEqualTo(200);
        return health.body();
    }
}
