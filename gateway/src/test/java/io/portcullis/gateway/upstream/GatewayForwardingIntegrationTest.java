package io.portcullis.gateway.upstream;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code portcullis.upstream.forwarding: gateway}: policy routes go through Spring Cloud Gateway's routing filters. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ForwardedRequestContract.GatewayFilterCalls.class)
class GatewayForwardingIntegrationTest extends ForwardedRequestContract {

    static final GatewayHarness harness = new GatewayHarness();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, harness, "gateway");
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
    void policyRoutesAreForwardedThroughSpringCloudGatewaysFilterChain() {
        assertThat(gatewayFilterCallsOfOneRequest()).isEqualTo(1);
    }
}
