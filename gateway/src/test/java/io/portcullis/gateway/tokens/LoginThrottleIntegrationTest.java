package io.portcullis.gateway.tokens;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The token-obtaining endpoints apply the {@code login} rate per client IP + username, before any password check. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginThrottleIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("login", Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    private HttpResponse<String> login(String path, String username, String password) {
        return harness.postJson(port, path, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void thirdLoginAttemptForOneUsernameWithinTheMinuteIsThrottledEvenWithTheRightPassword() {
        assertThat(login("/auth/token/", "alice", "wrong").statusCode()).isEqualTo(401);
        assertThat(login("/auth/token/", "alice", "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> third = login("/auth/token/", "alice", "alice-password");

        assertThat(third.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(55L, 60L);
        assertThat(third.body()).isEqualTo("{\"detail\":\"Request was throttled. Expected available in " + retryAfter + " seconds.\"}");
        assertThat(login("/auth/token/", "bob", "bob-password").statusCode()).isEqualTo(200);
    }

    @Test
    void opaqueTokenLoginCountsUnderTheSameScope() {
        assertThat(login("/auth/api-token/", "carol", "x").statusCode()).isEqualTo(400);
        assertThat(login("/auth/api-token/", "carol", "x").statusCode()).isEqualTo(400);

        assertThat(login("/auth/api-token/", "carol", "x").statusCode()).isEqualTo(429);
        assertThat(login("/auth/token/", "carol", "x").statusCode()).isEqualTo(429);
    }

    @Test
    void attemptsWithMissingFieldsCountAsDrfChecksThrottlesBeforeTheSerializer() {
        assertThat(harness.postJson(port, "/auth/token/", "{\"username\":\"mallory\"}").statusCode()).isEqualTo(400);
        assertThat(harness.postJson(port, "/auth/token/", "{\"username\":\" mallory \"}").statusCode()).isEqualTo(400);

        assertThat(login("/auth/token/", "mallory", "mallory-password").statusCode()).isEqualTo(429);
    }
}
