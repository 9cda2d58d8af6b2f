package io.portcullis.gateway.hardening;

import com.github.tomakehurst.wiremock.http.Fault;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import io.portcullis.gateway.support.UnacceptedPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream faults (issue 6 item 4, DESIGN.md pipeline step 5): refused → 502, no answer in time → 504, each with a
 * JSON {@code detail}; an upstream that breaks the connection never leaves the client hanging. The {@code slow}
 * route of the fixture sets its own response timeout of 1 s ({@code timeouts:} in policy.yaml; the global one is 30 s); every client read below gives up after 10 s, so a hang fails the test.
 */
// Closed after the class: a unique context, and the fork must exit within surefire's 30 s of System.exit.
@DirtiesContext
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamFaultsIntegrationTest {

    private static final String UPSTREAM_FAILED =
            "{\"detail\":\"The upstream service closed the connection without a valid answer.\"}";

    static final GatewayHarness harness = new GatewayHarness();
    static final HalfAnswer broken = new HalfAnswer();
    static final UnacceptedPort unanswered = new UnacceptedPort();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("limits", Map.of("upstream", harness.upstreamUrl(),
                "refused", "http://127.0.0.1:" + FreePort.find(), "broken", "http://127.0.0.1:" + broken.port(),
                "unanswered", "http://127.0.0.1:" + unanswered.port()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("portcullis.upstream.connect-timeout", () -> "500ms");
    }

    @BeforeAll
    static void stubFaults() {
        harness.upstream().stubFor(any(urlPathEqualTo("/slow/delay")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        harness.upstream().stubFor(any(urlPathEqualTo("/slow/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        harness.upstream().stubFor(any(urlPathEqualTo("/slow/garbage")).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        harness.upstream().stubFor(any(urlPathEqualTo("/slow/empty")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        harness.upstream().stubFor(any(urlPathEqualTo("/slow/midbody")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
        broken.close();
        unanswered.close();
    }

    private RawHttp.Response get(String path) {
        return RawHttp.sendExactly(port, "GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }

    @Test
    void refusedConnectionGets502Json() {
        HttpResponse<String> response = harness.send(port, "GET", "/down/x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"detail\":\"The upstream service refused the connection.\"}");
    }

    @Test
    void upstreamThatNeverAcceptsTheConnectionGets504JsonAfterTheConnectTimeout() {
        HttpResponse<String> response = harness.send(port, "GET", "/unanswered/x");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("{\"detail\":\"The upstream service did not answer in time.\"}");
    }

    @Test
    void upstreamSlowerThanTheResponseTimeoutGets504Json() {
        HttpResponse<String> response = harness.send(port, "GET", "/slow/delay");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("{\"detail\":\"The upstream service did not answer in time.\"}");
    }

    @Test
    void routeWithoutItsOwnTimeoutWaitsForASlowUpstream() {
        harness.upstream().stubFor(any(urlPathEqualTo("/public/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));

        assertThat(harness.send(port, "GET", "/public/slow").statusCode()).isEqualTo(200);
    }

    @Test
    void upstreamResetBeforeAnsweringGets502Json() {
        RawHttp.Response response = get("/slow/reset");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(UPSTREAM_FAILED);
    }

    @Test
    void upstreamSendingGarbageGets502Json() {
        RawHttp.Response response = get("/slow/garbage");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(UPSTREAM_FAILED);
    }

    @Test
    void upstreamClosingWithoutAnAnswerGets502Json() {
        RawHttp.Response response = get("/slow/empty");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(UPSTREAM_FAILED);
    }

    @Test
    void upstreamClosingAfterHalfItsBodyClosesTheClientConnectionNeverAHang() {
        RawHttp.Response response = get("/broken/x");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().length()).isLessThan(HalfAnswer.DECLARED);
    }

    @Test
    void upstreamBreakingMidBodyGets502OrAClosedConnectionNeverAHang() {
        RawHttp.Response response = get("/slow/midbody");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(UPSTREAM_FAILED);
    }
}
