package io.portcullis.gateway.hardening;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Graceful shutdown (issue 6 item 4): a request in flight when the gateway is told to stop still gets its answer. */
class GracefulShutdownIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @Test
    void requestInFlightCompletesWhileTheGatewayShutsDown() throws Exception {
        harness.upstream().stubFor(any(urlPathEqualTo("/public/drain")).willReturn(aResponse().withStatus(200)
                .withBody("drained").withFixedDelay(1000)));
        var dir = PolicyFixture.write("limits", Map.of("upstream", harness.upstreamUrl(), "refused", "http://127.0.0.1:1",
                "broken", "http://127.0.0.1:1", "unanswered", "http://127.0.0.1:1"));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0", "--management.server.port=0", "--portcullis.policy.dir=" + dir,
                "--portcullis.jwt.secret=" + GatewayHarness.JWT_SECRET, "--spring.lifecycle.timeout-per-shutdown-phase=10s");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();

        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
                () -> harness.send(port, "GET", "/public/drain"));
        await().atMost(5, TimeUnit.SECONDS).until(() ->
                !harness.upstream().findAll(anyRequestedFor(urlPathEqualTo("/public/drain"))).isEmpty());
        context.close();

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("drained");
    }
}
