package io.portcullis.gateway.throttle;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttle phase without {@code REDIS_URL}: the same contract on the embedded limiter, behind one trusted proxy
 * ({@code num_proxies: 1}), so the client is the rightmost {@code X-Forwarded-For} address.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ThrottleMemoryIntegrationTest extends ThrottlePipelineContract {

    static final GatewayHarness harness = new GatewayHarness();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("throttle",
                Map.of("upstream", harness.upstreamUrl(), "numProxies", "1")).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("management.endpoint.health.show-details", () -> "always");
        registry.add("redis.url", () -> "");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @Override
    GatewayHarness harness() {
        return harness;
    }

    @Test
    void behindOneProxyTheClientIsTheRightmostForwardedForAddress() {
        get("/xff/x", "X-Forwarded-For", "198.51.100.1, 192.0.2.10");
        get("/xff/x", "X-Forwarded-For", "198.51.100.2, 192.0.2.10");

        HttpResponse<String> sameClient = get("/xff/x", "X-Forwarded-For", "192.0.2.10");
        HttpResponse<String> otherClient = get("/xff/x", "X-Forwarded-For", "192.0.2.10, 192.0.2.11");

        assertThat(sameClient.statusCode()).isEqualTo(429);
        assertThat(otherClient.statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousIpv6ClientsAreCountedByTheirSlash64() {
        get("/v6/x", "X-Forwarded-For", "2001:db8:1:2::1");
        get("/v6/x", "X-Forwarded-For", "2001:db8:1:2:aaaa:bbbb:cccc:dddd");

        HttpResponse<String> samePrefix = get("/v6/x", "X-Forwarded-For", "2001:db8:1:2::3");
        HttpResponse<String> otherPrefix = get("/v6/x", "X-Forwarded-For", "2001:db8:1:3::1");

        assertThat(samePrefix.statusCode()).isEqualTo(429);
        assertThat(otherPrefix.statusCode()).isEqualTo(200);
    }

    @Test
    void startUpSaysOnceThatLimitsArePerInstance(CapturedOutput output) {
        assertThat(output.getAll().split("rate limits are kept in memory and apply per instance", -1)).hasSize(2);
    }

    @Test
    void healthReportsTheInMemoryStoreAndPerInstanceLimits() {
        HttpResponse<String> health = harness.send(managementPort, "GET", "/actuator/health/throttleStore");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"store\":\"memory\"").contains("\"limits\":\"per instance\"");
    }

    @Test
    void withoutRedisTheGatewayIsReadyAtOnce() {
        HttpResponse<String> readiness = harness.send(managementPort, "GET", "/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"store\":\"memory\"");
    }
}
