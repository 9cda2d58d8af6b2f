package io.portcullis.gateway.upstream;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** The default: policy routes are forwarded by {@link Forwarder}, past Spring Cloud Gateway's routing filters. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ForwardedRequestContract.GatewayFilterCalls.class)
class DirectForwardingIntegrationTest extends ForwardedRequestContract {

    static final GatewayHarness harness = new GatewayHarness();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, harness, "direct");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @Override
    GatewayHarness harness() {
        return harness;
    }

    /** Spring Cloud Gateway's routing filters regroup repeated query parameters (x=1&x=2&y=3); the forwarder does not. */
    @Test
    void theQueryIsForwardedExactlyAsSent() {
        RawHttp.Response answer = RawHttp.sendExactly(port,
                "GET /public/q?x=1&y=%20z&x=2&flag HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).singleElement()
                .satisfies(request -> assertThat(request.getUrl()).isEqualTo("/public/q?x=1&y=%20z&x=2&flag"));
    }

    @Test
    void policyRoutesAreForwardedWithoutSpringCloudGatewaysFilterChain() {
        assertThat(gatewayFilterCallsOfOneRequest()).isEqualTo(0);
    }
}
