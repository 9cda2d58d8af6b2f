package io.portcullis.gateway.hardening;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling, size limits and slow clients (issue 6 items 2 and 4, issue 13 item 5), with small limits
 * configured. Ambiguous framing is refused by the HTTP codec before any application code runs; that answer and the
 * limits the gateway itself checks are JSON (DESIGN.md "Every refusal is JSON"). Nothing refused is ever forwarded.
 */
// Closed after the class: a unique context, and the fork must exit within surefire's 30 s of System.exit.
@DirtiesContext
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portcullis.limits.max-header-count=20",
        "portcullis.limits.max-body-size=1KB",
        "portcullis.limits.read-timeout=1s",
        "server.netty.idle-timeout=1s",
        "server.netty.max-initial-line-length=1KB",
        "server.max-http-request-header-size=2KB"})
class RequestFramingIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("limits", Map.of("upstream", harness.upstreamUrl(), "refused", "http://127.0.0.1:1",
                "broken", "http://127.0.0.1:1", "unanswered", "http://127.0.0.1:1"));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    private RawHttp.Response post(String headers, String body) {
        return RawHttp.sendExactly(port, "POST /public/x HTTP/1.1\r\nHost: h\r\n" + headers + "Connection: close\r\n\r\n" + body);
    }

    private void assertNothingForwarded() {
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private static void assertMalformed(RawHttp.Response response) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Malformed request.\"}");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedWithJsonAndNeverForwarded() {
        RawHttp.Response response = post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n");

        assertMalformed(response);
        assertNothingForwarded();
    }

    @Test
    void transferEncodingBeforeContentLengthIsRefusedWithJsonAndNeverForwarded() {
        RawHttp.Response response = post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "5\r\nhello\r\n0\r\n\r\n");

        assertMalformed(response);
        assertNothingForwarded();
    }

    @Test
    void differentContentLengthsAreRefusedWithJsonAndNeverForwarded() {
        RawHttp.Response response = post("Content-Length: 4\r\nContent-Length: 5\r\n", "hello");

        assertMalformed(response);
        assertNothingForwarded();
    }

    @Test
    void commaSeparatedContentLengthsAreRefusedWithJsonAndNeverForwarded() {
        RawHttp.Response response = post("Content-Length: 5, 4\r\n", "hello");

        assertMalformed(response);
        assertNothingForwarded();
    }

    @Test
    void repeatedChunkedCodingIsRefusedWithJsonAndNeverForwarded() {
        RawHttp.Response response = post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n");

        assertMalformed(response);
        assertNothingForwarded();
    }

    @Test
    void transferCodingOtherThanChunkedGets501JsonAndIsNeverForwarded() {
        RawHttp.Response response = post("Transfer-Encoding: gzip, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n");

        assertThat(response.status()).isEqualTo(501);
        assertThat(response.body()).contains("\"detail\":\"Transfer-Encoding other than chunked is not supported.\"");
        assertNothingForwarded();
    }

    @Test
    void declaredBodyOverTheLimitGets413JsonAndIsNeverForwarded() {
        RawHttp.Response response = post("Content-Length: 1025\r\nContent-Type: text/plain\r\n", "x".repeat(1025));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Request body too large (at most 1024 bytes).\"}");
        assertNothingForwarded();
    }

    @Test
    void chunkedBodyGrowingOverTheLimitGets413Json() {
        String chunk = "200\r\n" + "x".repeat(512) + "\r\n";
        RawHttp.Response response = post("Transfer-Encoding: chunked\r\n", chunk.repeat(3) + "0\r\n\r\n");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("\"detail\":\"Request body too large");
        assertNothingForwarded();
    }

    @Test
    void bodyWithinTheLimitIsForwarded() {
        RawHttp.Response response = post("Content-Length: 1024\r\n", "x".repeat(1024));

        assertThat(response.status()).isEqualTo(200);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).hasSize(1024));
    }

    @Test
    void headerValuesWithCommasReachTheUpstreamAsSent() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1\r\nHost: h\r\n"
                + "If-Modified-Since: Wed, 21 Oct 2015 07:28:00 GMT\r\nUser-Agent: Mozilla/5.0 (KHTML, like Gecko)\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).singleElement().satisfies(received -> {
            assertThat(received.getHeaders().getHeader("If-Modified-Since").values())
                    .containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
            assertThat(received.getHeaders().getHeader("User-Agent").values()).containsExactly("Mozilla/5.0 (KHTML, like Gecko)");
        });
    }

    @Test
    void hopByHopHeadersEndAtTheGateway() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1\r\nHost: h\r\n"
                + "Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-Auth-User-Id\r\nProxy-Connection: keep-alive\r\n"
                + "Proxy-Authorization: Basic eDp5\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).singleElement().satisfies(received -> {
            assertThat(received.containsHeader("Keep-Alive")).isFalse();
            assertThat(received.containsHeader("TE")).isFalse();
            assertThat(received.containsHeader("Trailer")).isFalse();
            assertThat(received.containsHeader("Proxy-Authorization")).isFalse();
            assertThat(received.containsHeader("Proxy-Connection")).isFalse();
            assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("anonymous");
        });
    }

    @Test
    void commaSeparatedValuesCountAsOneHeaderField() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1\r\nHost: h\r\n"
                + "Accept: " + "a/b, ".repeat(30) + "c/d\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void tooManyHeaderFieldsGet431JsonAndAreNeverForwarded() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1\r\nHost: h\r\n"
                + "X-Filler: 1\r\n".repeat(20) + "Connection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Too many request header fields (at most 20).\"}");
        assertNothingForwarded();
    }

    @Test
    void headerBlockOverTheServerLimitGets431JsonAndIsNeverForwarded() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1\r\nHost: h\r\nX-Big: "
                + "a".repeat(3000) + "\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Request header fields too large.\"}");
        assertNothingForwarded();
    }

    @Test
    void requestLineOverTheServerLimitGets414JsonAndIsNeverForwarded() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/" + "a".repeat(2000)
                + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Request line too long.\"}");
        assertNothingForwarded();
    }

    @Test
    void malformedRequestLineGets400JsonAndIsNeverForwarded() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1 extra\r\nHost: h\r\n\r\n");

        assertMalformed(response);
        assertNothingForwarded();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Host: h\r\nHost: other", "Host: h, other"})
    void moreThanOneHostGets400JsonAndIsNeverForwarded(String hosts) {
        RawHttp.Response response = RawHttp.sendExactly(port,
                "GET /public/x HTTP/1.1\r\n" + hosts + "\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"detail\":\"More than one Host header.\"}");
        assertNothingForwarded();
    }

    @Test
    void clientThatStopsSendingItsHeadersIsCutOff() {
        RawHttp.Response response = RawHttp.sendExactly(port, "GET /public/x HTTP/1.1\r\nHost: h\r\n");

        assertThat(response.status()).as("closed without an answer").isZero();
        assertNothingForwarded();
    }

    @Test
    void clientThatStopsSendingItsBodyGets408AndIsNeverForwarded() {
        RawHttp.Response response = RawHttp.sendExactly(port,
                "POST /public/x HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly a part");

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Request body timed out.\"}");
        assertNothingForwarded();
    }
}
