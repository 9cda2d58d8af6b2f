package io.portcullis.gateway.issuers;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jsonwebtoken.Jwts;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.token.ExternalTokenMint;
import io.portcullis.policy.token.TestIssuerKeys;
import io.portcullis.policy.token.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * External issuers through the gateway (DESIGN.md "External token issuers"): a public-key issuer whose keys come from
 * a test key source (a generated RSA pair standing in for its JWKS), with identities from the token's claims; an
 * issuer whose keys were never fetched; and no confusion between issuers.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.policy.poll-interval=100ms")
@Import(ExternalIssuersIntegrationTest.TestIssuerKeySources.class)
class ExternalIssuersIntegrationTest {

    private static final String SIGNING_KEY = "a-django-signing-key-of-at-least-32-bytes";
    private static final String SSO = "https://sso.example.com";
    private static final java.security.KeyPair RSA = TestKeys.rsa(2048);
    private static final java.security.KeyPair ROTATED = TestKeys.rsa(2048);
    private static final TestIssuerKeys SSO_KEYS = new TestIssuerKeys("sso").with("k1", "RS256", RSA.getPublic());
    private static final String MORE_ISSUERS = """
              - id: sso
                issuer: https://sso.example.com
                jwks_url: https://sso.example.com/keys
                algorithms: [RS256, ES256]
                audience: legacy-apis
                user_claim: sub
                users: claims
                claims: { username: preferred_username, roles: realm_access.roles, admin_role: admin }
              - id: down
                issuer: https://down.example.com
                discovery: true
                algorithms: [RS256]
                user_claim: sub
                users: claims
            """;
    private static final GatewayHarness harness = new GatewayHarness();
    private static final Path POLICY_DIR = PolicyFixture.write("issuers",
            Map.of("upstream", harness.upstreamUrl(), "more_issuers", MORE_ISSUERS));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", POLICY_DIR::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("DJANGO_JWT_SIGNING_KEY", () -> SIGNING_KEY);
        registry.add("management.server.port", () -> "0");
    }

    /** The sso issuer's JWKS stands in as a test key source; HS256 issuers keep the gateway's own. */
    @TestConfiguration
    static class TestIssuerKeySources {
        @Bean
        @Primary
        IssuerKeysFactory testIssuerKeys(PolicyIssuerKeys policy) {
            return issuer -> issuer.id().equals("sso") ? SSO_KEYS : policy.start(issuer);
        }
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    private static Map<String, Object> ssoClaims(String sub, List<String> roles) {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", SSO);
        claims.put("sub", sub);
        claims.put("aud", "legacy-apis");
        claims.put("exp", now.plusSeconds(300).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("preferred_username", "alice.sso");
        claims.put("realm_access", Map.of("roles", roles));
        claims.put("org", "acme-sso");
        return claims;
    }

    private static String ssoToken(String sub, List<String> roles) {
        return ExternalTokenMint.sign(ssoClaims(sub, roles), "k1", RSA.getPrivate(), Jwts.SIG.RS256);
    }

    private HttpResponse<String> get(String path, String token, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return harness.send(port, "GET", path, all);
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
    void claimsIssuerTokenIsForwardedWithTheIdentityItsClaimsName() {
        HttpResponse<String> response = get("/api/editors/drafts", ssoToken("u-42", List.of("editor", "viewer")));

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeader("X-Auth-User-Id")).isEqualTo("u-42");
        assertThat(received.getHeader("X-Auth-Username")).isEqualTo("alice.sso");
        assertThat(received.getHeader("X-Auth-Roles")).isEqualTo("editor,viewer");
        assertThat(received.getHeader("X-Auth-Admin")).isEqualTo("false");
        assertThat(received.getHeader("X-Auth-Claim-Org")).isEqualTo("acme-sso");
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("jwt");
        assertThat(received.getHeader("X-Auth-Issuer")).isEqualTo("sso");
    }

    @Test
    void claimsIssuerAdminRoleGrantsIsAdminUser() {
        assertThat(get("/admin/panel", ssoToken("u-42", List.of("admin"))).statusCode()).isEqualTo(200);
    }

    @Test
    void claimsIssuerWithoutAdminRoleIsDeniedIsAdminUser() {
        assertThat(get("/admin/panel", ssoToken("u-42", List.of("editor"))).statusCode()).isEqualTo(403);
        assertNothingForwarded();
    }

    @Test
    void isOwnerComparesThePathWithTheClaimUserId() {
        assertThat(get("/api/users/u-42/profile", ssoToken("u-42", List.of())).statusCode()).isEqualTo(200);
        assertThat(get("/api/users/1/profile", ssoToken("u-42", List.of())).statusCode()).isEqualTo(403);
    }

    @Test
    void hs256TokenCarryingThePublicKeyIssuersIssIsRefused() {
        SecretKeySpec publicKeyAsSecret = new SecretKeySpec(RSA.getPublic().getEncoded(), "HmacSHA256");
        String token = ExternalTokenMint.sign(ssoClaims("u-42", List.of("admin")), "k1", publicKeyAsSecret,
                Jwts.SIG.HS256);

        HttpResponse<String> response = get("/admin/panel", token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
        assertNothingForwarded();
    }

    @Test
    void hs256TokenSignedWithTheDjangoSecretButCarryingTheSsoIssIsRefused() {
        SecretKeySpec djangoSecret = new SecretKeySpec(SIGNING_KEY.getBytes(), "HmacSHA256");
        String token = ExternalTokenMint.sign(ssoClaims("u-42", List.of("admin")), null, djangoSecret, Jwts.SIG.HS256);

        assertThat(get("/admin/panel", token).statusCode()).isEqualTo(401);
        assertNothingForwarded();
    }

    @Test
    void tokenOfAnIssuerWhoseKeysWereNeverFetchedIsAnswered503() {
        Map<String, Object> claims = ssoClaims("u-42", List.of());
        claims.put("iss", "https://down.example.com");
        String token = ExternalTokenMint.sign(claims, "k1", RSA.getPrivate(), Jwts.SIG.RS256);

        HttpResponse<String> response = get("/api/things", token);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .isEqualTo("{\"detail\":\"Service temporarily unavailable.\",\"code\":\"issuer_unavailable\"}");
        assertNothingForwarded();
    }

    @Test
    void unknownKidRefreshesTheIssuersKeysOnceAndThenVerifies() {
        SSO_KEYS.staged("k2", "RS256", ROTATED.getPublic());
        int before = SSO_KEYS.refreshes();
        String token = ExternalTokenMint.sign(ssoClaims("u-7", List.of()), "k2", ROTATED.getPrivate(), Jwts.SIG.RS256);

        assertThat(get("/api/things", token).statusCode()).isEqualTo(200);
        assertThat(SSO_KEYS.refreshes()).isEqualTo(before + 1);
    }

    @Test
    void kidStillUnknownAfterTheRefreshIsRefused() {
        String token = ExternalTokenMint.sign(ssoClaims("u-7", List.of()), "nobody", ROTATED.getPrivate(),
                Jwts.SIG.RS256);

        HttpResponse<String> response = get("/api/things", token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingForwarded();
    }

    @Test
    void clientSentIssuerHeaderNeverReachesUpstream() {
        HttpResponse<String> response = get("/api/things", harness.accessToken(GatewayHarness.Users.ALICE),
                "X-Auth-Issuer", "sso", "X-Auth_Issuer", "sso");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getHeaders().getHeader("X-Auth-Issuer").values()).containsExactly("portcullis");
    }

    @Test
    void anonymousRequestCarriesNoIssuer() {
        HttpResponse<String> response = harness.send(port, "GET", "/public/x", "X-Auth-Issuer", "sso");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getHeader("X-Auth-Issuer")).isNull();
    }

    @Test
    void removingAnIssuerFromThePolicyRefusesItsTokensWithoutARestart() throws Exception {
        String token = ssoToken("u-42", List.of());
        Path policy = POLICY_DIR.resolve("policy.yaml");
        String original = Files.readString(policy);
        try {
            write(policy, original.replace(MORE_ISSUERS.stripIndent(), ""));
            assertThat(eventually(() -> get("/api/things", token).statusCode(), 401)).isEqualTo(401);
        } finally {
            write(policy, original);
        }
        assertThat(eventually(() -> get("/api/things", token).statusCode(), 200)).isEqualTo(200);
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("policy.yaml.tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static int eventually(java.util.function.IntSupplier status, int wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int last = status.getAsInt();
        while (last != wanted && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            last = status.getAsInt();
        }
        return last;
    }
}
