package io.portcullis.gateway.tokens;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.SimpleJwtAnswers;
import io.portcullis.policy.token.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "External token issuers", last bullet, against a running gateway: keys in PORTCULLIS_JWT_KEYS_DIR rotate
 * while tokens of the old key are in use, without a restart.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningKeysReloadIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final KeyPair A = TestKeys.rsa(2048);
    static final KeyPair B = TestKeys.rsa(2048);
    static final Path KEYS = TestKeys.directory(Map.of("a", TestKeys.pkcs8(A)));
    static final String BEARER_REFUSED = SimpleJwtAnswers.bearerRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED);
    static final String ENDPOINT_REFUSED = SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED);

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path policy = PolicyFixture.write("keys", Map.of("upstream", harness.upstreamUrl()));
        registry.add("portcullis.policy.dir", policy::toString);
        registry.add("portcullis.jwt.keys.dir", KEYS::toString);
        registry.add("portcullis.policy.poll-interval", () -> "200ms");
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstreamAndDeleteKeys() throws IOException {
        harness.stop();
        TestKeys.deleteDirectory(KEYS);
    }

    /** Every test starts from key a alone, served and healthy. */
    @BeforeEach
    void onlyKeyA() throws IOException {
        Files.deleteIfExists(KEYS.resolve("b.pem"));
        TestKeys.write(KEYS, "a", TestKeys.pkcs8(A));
        eventually(Duration.ofSeconds(10), () -> jwksKids().equals(List.of("a")) && keysHealth().contains("\"UP\""));
    }

    private static void eventually(Duration within, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition not met within " + within).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private JsonNode login() {
        HttpResponse<String> response = harness.postJson(port, "/auth/token/",
                "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String kid(String token) {
        byte[] header = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
        return JSON.readTree(new String(header, StandardCharsets.UTF_8)).get("kid").asString();
    }

    private List<String> jwksKids() {
        JsonNode keys = JSON.readTree(harness.send(port, "GET", "/auth/jwks.json").body()).get("keys");
        return keys.valueStream().map(key -> key.get("kid").asString()).toList();
    }

    private String keysHealth() {
        return harness.send(managementPort, "GET", "/actuator/health/signingKeys").body();
    }

    private HttpResponse<String> getApi(String access) {
        return harness.send(port, "GET", "/api/things", "Authorization", "Bearer " + access);
    }

    private void addKeyB() {
        TestKeys.write(KEYS, "b", TestKeys.pkcs8(B));
    }

    @Test
    void aKeyWithAGreaterKidSignsNewTokensWithinTwoSecondsWhileTokensOfTheOlderKeyStillVerify() {
        String oldAccess = login().get("access").asString();
        assertThat(getApi(oldAccess).statusCode()).isEqualTo(200);

        addKeyB();

        eventually(Duration.ofSeconds(2), () -> kid(login().get("access").asString()).equals("b"));
        assertThat(getApi(oldAccess).statusCode()).isEqualTo(200);
        assertThat(getApi(login().get("access").asString()).statusCode()).isEqualTo(200);
        assertThat(jwksKids()).containsExactly("a", "b");
    }

    @Test
    void aRemovedKeyStopsVerifyingItsAccessAndRefreshTokensAndLeavesTheJwks() throws IOException {
        JsonNode oldPair = login();
        String oldAccess = oldPair.get("access").asString();
        assertThat(getApi(oldAccess).statusCode()).isEqualTo(200); // verified once: in the verified-token cache
        addKeyB();
        eventually(Duration.ofSeconds(10), () -> jwksKids().equals(List.of("a", "b")));

        Files.delete(KEYS.resolve("a.pem"));

        eventually(Duration.ofSeconds(10), () -> jwksKids().equals(List.of("b")));
        HttpResponse<String> refused = getApi(oldAccess);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(BEARER_REFUSED);
        HttpResponse<String> refresh = harness.postJson(port, "/auth/token/refresh/",
                "{\"refresh\":\"" + oldPair.get("refresh").asString() + "\"}");
        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.body()).isEqualTo(ENDPOINT_REFUSED);
        assertThat(getApi(login().get("access").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrokenEditIsRefusedVisiblyAndTheLastGoodKeysServeUntilAGoodEdit() {
        String oldAccess = login().get("access").asString();
        String pem = TestKeys.pkcs8(B);

        TestKeys.write(KEYS, "b", pem.substring(0, pem.length() / 2));

        eventually(Duration.ofSeconds(10), () -> keysHealth().contains("\"STALE\""));
        assertThat(keysHealth()).contains("b.pem: holds no PEM private key")
                .doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
        assertThat(harness.send(managementPort, "GET", "/actuator/prometheus").body())
                .contains("portcullis_keys_reload_total{result=\"refused\"}");
        assertThat(jwksKids()).containsExactly("a");
        assertThat(kid(login().get("access").asString())).isEqualTo("a");
        assertThat(getApi(oldAccess).statusCode()).isEqualTo(200);

        addKeyB();

        eventually(Duration.ofSeconds(10), () -> keysHealth().contains("\"UP\"") && jwksKids().equals(List.of("a", "b")));
        assertThat(kid(login().get("access").asString())).isEqualTo("b");
    }

    @Test
    void anEmptiedKeysDirectoryIsRefusedAndItsLastKeysKeepSigningAndVerifying() throws IOException {
        String oldAccess = login().get("access").asString();

        Files.delete(KEYS.resolve("a.pem"));

        eventually(Duration.ofSeconds(10), () -> keysHealth().contains("\"STALE\""));
        assertThat(keysHealth()).contains("holds no <kid>.pem key file for RS256");
        assertThat(getApi(oldAccess).statusCode()).isEqualTo(200);
        assertThat(kid(login().get("access").asString())).isEqualTo("a");
    }
}
