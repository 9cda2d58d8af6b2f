package io.portcullis.gateway.hardening;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.SelfSignedTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DESIGN.md "A truncated answer never looks complete" over HTTP/2 (TLS, ALPN): an upstream that breaks off after its
 * answer started resets the client's stream, and only that stream.
 */
@DirtiesContext
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TruncatedAnswerOverHttp2IntegrationTest {

    static final MisbehavingUpstream broken = new MisbehavingUpstream();
    static final SelfSignedTls tls = SelfSignedTls.create();

    @LocalServerPort
    int port;

    private final HttpClient client = tls.http2Client();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String upstream = "http://127.0.0.1:" + broken.port();
        var dir = PolicyFixture.write("limits", Map.of("upstream", upstream, "refused", upstream, "broken", upstream,
                "unanswered", upstream));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        tls.serveHttp2(registry);
    }

    @AfterAll
    static void stopUpstream() {
        broken.close();
    }

    private HttpResponse<InputStream> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads the body until the upstream's first bytes have arrived: the answer has reached the client. */
    private static void readFirstBytes(InputStream body) throws IOException {
        byte[] first = body.readNBytes(MisbehavingUpstream.FIRST_BYTES.length());
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).isEqualTo(MisbehavingUpstream.FIRST_BYTES);
    }

    @Test
    void upstreamResetMidBodyResetsTheClientsStream() throws Exception {
        HttpResponse<InputStream> response = get("/broken/chunked-then-reset");
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);

        try (InputStream body = response.body()) {
            readFirstBytes(body);
            broken.reset();

            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class).rootCause()
                    .hasMessageContaining("RST_STREAM");
        }
    }

    @Test
    void otherStreamsOfTheConnectionOutliveTheReset() throws Exception {
        try (InputStream body = get("/broken/length-then-reset").body()) {
            readFirstBytes(body);
            broken.reset();
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        }

        HttpResponse<InputStream> next = get("/broken/ok");

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(new String(next.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
    }
}
