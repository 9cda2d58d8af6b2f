package io.portcullis.gateway.hardening;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.LeakReports;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import io.portcullis.gateway.support.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md "Slow or stalled request bodies never reach the upstream" (issue 13 item 4), with a 1 s
 * {@code clients.body_timeout} and a 64KiB {@code clients.request_buffer}: bodies within the buffer are read
 * completely before the upstream is contacted (a raw socket upstream records whether anything reached it at all);
 * larger ones, and every body of a route with {@code request_buffer: 0}, stream. No buffer leaks (Netty's detector at
 * its most thorough), whether a body reaches the upstream, times out or finds the upstream refusing.
 */
// Closed after the class: a unique context, and the fork must exit within surefire's 30 s of System.exit.
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestBodyBufferingIntegrationTest {

    static {
        LeakReports.install();
    }

    private static final String TIMED_OUT = "{\"detail\":\"Request body timed out.\"}";

    static final GatewayHarness harness = new GatewayHarness();
    static final RecordingUpstream recorder = new RecordingUpstream();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("bodies", Map.of("upstream", harness.upstreamUrl(), "recorder", recorder.url(),
                "refused", "http://127.0.0.1:" + FreePort.find()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstreams() {
        harness.stop();
        recorder.close();
        LeakReports.uninstall();
    }

    @BeforeEach
    void resetUpstreams() {
        harness.upstream().resetRequests();
        recorder.reset();
        LeakReports.install();
    }

    private static String post(String path, String headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: h\r\n" + headers + "Connection: close\r\n\r\n";
    }

    /** Every byte value, repeated: what arrives upstream must be these bytes exactly. */
    private static String binary(int length) {
        StringBuilder body = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            body.append((char) (i % 256));
        }
        return body.toString();
    }

    private static String chunked(String body, int chunkSize) {
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < body.length(); i += chunkSize) {
            String chunk = body.substring(i, Math.min(body.length(), i + chunkSize));
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return chunks.append("0\r\n\r\n").toString();
    }

    private LoggedRequest received() {
        List<LoggedRequest> requests = harness.upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static void assertTimedOut(RawHttp.Response response) {
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        assertThat(response.body()).isEqualTo(TIMED_OUT);
    }

    private static void assertNothingReachedTheRecorder() {
        assertThat(recorder.connections()).isZero();
        assertThat(recorder.received()).isEmpty();
    }

    @Test
    void dribbledBodyWithinTheBufferGets408AtTheTimeoutAndNeverReachesTheUpstream() {
        RawHttp.Dribbled dribbled = RawHttp.dribble(port, post("/recorded/x", "Content-Length: 20\r\n"), "x".repeat(20),
                Duration.ofMillis(300));

        assertTimedOut(dribbled.response());
        assertThat(dribbled.sentWhenAnswered()).as("answered while the body was still arriving").isLessThan(20);
        assertNothingReachedTheRecorder();
    }

    @Test
    void stalledBodyGets408AndNeverReachesTheUpstream() {
        RawHttp.Response response = RawHttp.sendExactly(port, post("/recorded/x", "Content-Length: 100\r\n") + "only a part");

        assertTimedOut(response);
        assertNothingReachedTheRecorder();
    }

    @Test
    void stalledChunkedBodyGets408AndNeverReachesTheUpstream() {
        RawHttp.Response response = RawHttp.sendExactly(port,
                post("/recorded/x", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n");

        assertTimedOut(response);
        assertNothingReachedTheRecorder();
    }

    @Test
    void invalidChunkSizeInABufferedBodyGets400JsonAndNothingIsForwarded() {
        RawHttp.Response response = RawHttp.sendExactly(port,
                post("/recorded/x", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Malformed request.\"}");
        assertNothingReachedTheRecorder();
    }

    @Test
    void bodyWithinTheBufferIsForwardedExactlyWithItsLength() {
        String body = binary(10_000);

        RawHttp.Response response = RawHttp.sendExactly(port, post("/buffered/x", "Content-Length: 10000\r\n") + body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getBody()).isEqualTo(body.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(received().getHeader("Content-Length")).isEqualTo("10000");
    }

    @Test
    void chunkedBodyWithinTheBufferIsForwardedWithAContentLength() {
        String body = binary(10_000);

        RawHttp.Response response = RawHttp.sendExactly(port,
                post("/buffered/x", "Transfer-Encoding: chunked\r\n") + chunked(body, 999));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getBody()).isEqualTo(body.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(received().getHeader("Content-Length")).isEqualTo("10000");
        assertThat(received().containsHeader("Transfer-Encoding")).isFalse();
    }

    @Test
    void emptyChunkedBodyIsForwardedWithContentLengthZero() {
        RawHttp.Response response = RawHttp.sendExactly(port, post("/buffered/x", "Transfer-Encoding: chunked\r\n") + "0\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getBody()).isEmpty();
        assertThat(received().getHeader("Content-Length")).isEqualTo("0");
    }

    @Test
    void bodyDeclaredOverTheBufferStreamsToTheUpstream() {
        String body = binary(5000);

        RawHttp.Response response = RawHttp.sendExactly(port, post("/small/x", "Content-Length: 5000\r\n") + body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getBody()).isEqualTo(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void chunkedBodyGrowingOverTheBufferStreamsWhatWasReadAndTheRest() {
        String body = binary(5000);

        RawHttp.Response response = RawHttp.sendExactly(port, post("/small/x", "Transfer-Encoding: chunked\r\n") + chunked(body, 700));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getBody()).isEqualTo(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void routeWithoutABufferStreamsItsBody() {
        String body = binary(3000);

        RawHttp.Response response = RawHttp.sendExactly(port, post("/streamed/x", "Content-Length: 3000\r\n") + body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getBody()).isEqualTo(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void streamedBodyThatStallsAbortsTheUpstreamRequestAndGets408() {
        RawHttp.Response response = RawHttp.sendExactly(port,
                post("/recorded-streamed/x", "Content-Length: 100\r\n") + "only a part");

        assertTimedOut(response);
        assertThat(recorder.received()).as("streamed: forwarded before the body was complete")
                .startsWith("POST /recorded-streamed/x HTTP/1.1").endsWith("only a part");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.closedByGateway() == 1);
    }

    @Test
    void stalledBodyOfATokenEndpointGets408() {
        RawHttp.Response response = RawHttp.sendExactly(port,
                post("/auth/token/", "Content-Type: application/json\r\nContent-Length: 100\r\n") + "{\"username\":");

        assertTimedOut(response);
    }

    @Test
    void bufferedBodyForARefusedUpstreamGets502() {
        RawHttp.Response response = RawHttp.sendExactly(port, post("/refused/x", "Content-Length: 100\r\n") + "x".repeat(100));

        assertThat(response.status()).isEqualTo(502);
    }

    @Test
    void chunkedBodyOverTheBufferForARefusedUpstreamGets502() {
        RawHttp.Response response = RawHttp.sendExactly(port,
                post("/refused/x", "Transfer-Encoding: chunked\r\n") + chunked(binary(5000), 700));

        assertThat(response.status()).isEqualTo(502);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noBufferIsLeaked() throws InterruptedException {
        assertThat(LeakReports.collect()).isEmpty();
    }
}
