package io.portcullis.gateway.tokens;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

/** The token endpoints on the embedded default: no REDIS_URL, state in memory. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenEndpointsMemoryIntegrationTest extends TokenEndpointsContract {

    static final GatewayHarness harness = new GatewayHarness();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("tokens", Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    @Override
    GatewayHarness harness() {
        return harness;
    }
}
