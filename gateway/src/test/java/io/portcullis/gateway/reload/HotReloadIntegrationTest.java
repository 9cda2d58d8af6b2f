package io.portcullis.gateway.reload;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md "Hot reload" against a running gateway: edits on disk take effect, invalid ones are refused. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HotReloadIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final Path dir = PolicyFixture.write("pipeline", Map.of("upstream", harness.upstreamUrl(), "refused", "http://127.0.0.1:1"));

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    String originalPolicy;
    String originalUsers;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("portcullis.policy.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    @BeforeEach
    void remember() throws IOException {
        originalPolicy = Files.readString(dir.resolve("policy.yaml"));
        originalUsers = Files.readString(dir.resolve("users.yaml"));
    }

    @AfterEach
    void restore() throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), originalPolicy);
        Files.writeString(dir.resolve("users.yaml"), originalUsers);
        // Restored means behaving as the original files say again, not merely healthy.
        eventually(() -> health().body().contains("\"status\":\"UP\"")
                && get("/public/x").statusCode() == 200 && get("/extra/x").statusCode() == 404
                && get("/api/other", "Authorization", "Bearer " + harness.accessToken(Users.BOB)).statusCode() == 200);
    }

    private HttpResponse<String> get(String path, String... headers) {
        return harness.send(port, "GET", path, headers);
    }

    private HttpResponse<String> health() {
        return harness.send(managementPort, "GET", "/actuator/health/policy");
    }

    private static void eventually(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void healthShowsThePolicyComponentUp() {
        HttpResponse<String> health = health();

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("loadedAt");
    }

    @Test
    void addedRouteServesAfterAValidEdit() throws IOException {
        assertThat(get("/extra/x").statusCode()).isEqualTo(404);

        Files.writeString(dir.resolve("policy.yaml"), originalPolicy.replace("routes:\n", """
                routes:
                  - id: extra
                    path: /extra/**
                    upstream: %s
                    permission: AllowAny
                """.formatted(harness.upstreamUrl())));

        eventually(() -> get("/extra/x").statusCode() == 200);
    }

    @Test
    void removedRouteAnswers404AfterTheEdit() throws IOException {
        assertThat(get("/public/x").statusCode()).isEqualTo(200);

        Files.writeString(dir.resolve("policy.yaml"), originalPolicy.replace("path: /public/**", "path: /elsewhere/**"));

        eventually(() -> get("/public/x").statusCode() == 404);
        assertThat(get("/elsewhere/x").statusCode()).isEqualTo(200);
    }

    @Test
    void changedPermissionAppliesToNewRequests() throws IOException {
        assertThat(get("/public/x").statusCode()).isEqualTo(200);

        Files.writeString(dir.resolve("policy.yaml"), originalPolicy.replaceFirst("permission: AllowAny", "permission: IsAdminUser"));

        eventually(() -> get("/public/x").statusCode() == 401);
    }

    @Test
    void invalidEditIsRefusedAndTheLastGoodPolicyKeepsServing() throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), originalPolicy.replaceFirst("permission: AllowAny", "permission: AllowAnyone")
                .replace("path: /public/**", "path: /gone/**"));

        eventually(() -> health().body().contains("STALE"));
        assertThat(health().statusCode()).isEqualTo(200);
        assertThat(health().body()).contains("unknown permission 'AllowAnyone'").contains("policy.yaml:");
        assertThat(get("/public/x").statusCode()).isEqualTo(200);
        assertThat(get("/gone/x").statusCode()).isEqualTo(404);
        String metrics = harness.send(managementPort, "GET", "/actuator/prometheus").body();
        assertThat(metrics).contains("portcullis_policy_reload_total{result=\"refused\"}");
    }

    @Test
    void removedUserLosesAccessAfterTheEdit() throws IOException {
        String bob = "Bearer " + harness.accessToken(Users.BOB);
        assertThat(get("/api/other", "Authorization", bob).statusCode()).isEqualTo(200);

        Files.writeString(dir.resolve("users.yaml"), originalUsers.replace("username: bob", "username: robert").replace("id: \"2\"", "id: \"22\""));

        eventually(() -> get("/api/other", "Authorization", bob).statusCode() == 401);
    }
}
