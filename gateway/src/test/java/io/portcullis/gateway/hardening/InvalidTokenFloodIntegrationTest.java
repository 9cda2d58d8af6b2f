package io.portcullis.gateway.hardening;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource exhaustion (issue 6 item 5): distinct invalid tokens leave nothing behind. There is no verified-token
 * cache; a refused token writes no state, and the metrics it produces have a fixed set of tags (reason, scheme,
 * route), never the token, user or path, so a flood cannot grow the meter registry.
 */
// Closed after the class: a unique context, and the fork must exit within surefire's 30 s of System.exit.
@DirtiesContext
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InvalidTokenFloodIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("bypass", Map.of("upstream", harness.upstreamUrl()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A well-formed HS256 token of a new subject each time, with a signature that does not verify. */
    private static String forged() {
        String id = UUID.randomUUID().toString();
        return b64("{\"alg\":\"HS256\",\"kid\":\"" + id + "\"}") + "." + b64("{\"sub\":\"" + id + "\",\"jti\":\"" + id
                + "\"}") + "." + b64(id);
    }

    private void flood(int requests) {
        for (int i = 0; i < requests; i++) {
            int status = harness.send(port, "GET", "/admin/" + UUID.randomUUID(), "Authorization", "Bearer " + forged())
                    .statusCode();
            assertThat(status).isEqualTo(401);
        }
    }

    /** The meters requests create (the JVM's own may appear lazily at any time). */
    private long requestMeters() {
        return meters.getMeters().stream().map(meter -> meter.getId().getName())
                .filter(name -> name.startsWith("portcullis.") || name.startsWith("http.") || name.startsWith("spring.cloud"))
                .count();
    }

    @Test
    void aFloodOfDistinctInvalidTokensGrowsNoPerTokenState() {
        flood(50);
        long metersAfterWarmUp = requestMeters();

        flood(500);

        assertThat(requestMeters()).isEqualTo(metersAfterWarmUp);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
