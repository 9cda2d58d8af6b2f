package io.portcullis.gateway.upstream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/http.md "What the upstream receives", and the upstream's answer as the client receives it, whichever way the
 * gateway forwards ({@code portcullis.upstream.forwarding}): both must give the same answers.
 */
abstract class ForwardedRequestContract {

    @LocalServerPort
    int port;

    abstract GatewayHarness harness();

    /** The pipeline policy's routes to {@code harness}'s upstream, and the given way of forwarding. */
    static void properties(DynamicPropertyRegistry registry, GatewayHarness harness, String forwarding) {
        var dir = PolicyFixture.write("pipeline", Map.of("upstream", harness.upstreamUrl(),
                "refused", "http://127.0.0.1:" + FreePort.find()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("portcullis.upstream.forwarding", () -> forwarding);
    }

    /** Counts the requests that go through Spring Cloud Gateway's global filters. */
    static class GatewayFilterCalls implements GlobalFilter {
        static final AtomicInteger calls = new AtomicInteger();

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            calls.incrementAndGet();
            return chain.filter(exchange);
        }
    }

    /** How many requests Spring Cloud Gateway's filter chain saw for one proxied request. */
    int gatewayFilterCallsOfOneRequest() {
        GatewayFilterCalls.calls.set(0);
        assertThat(harness().send(port, "GET", "/public/which-way").statusCode()).isEqualTo(200);
        return GatewayFilterCalls.calls.get();
    }

    @BeforeEach
    void resetUpstream() {
        harness().upstream().resetAll();
        harness().upstream().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    private LoggedRequest forwarded() {
        List<LoggedRequest> requests = harness().upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void hopByHopProxyAndSpoofedIdentityHeadersNeverReachTheUpstream() {
        RawHttp.Response answer = RawHttp.sendExactly(port, "GET /public/h HTTP/1.1\r\nHost: client.example\r\n"
                + "Connection: close, X-Named-By-Connection\r\nX-Named-By-Connection: 1\r\nKeep-Alive: timeout=5\r\n"
                + "TE: trailers\r\nTrailer: X-Checksum\r\nUpgrade: h2c\r\nProxy-Connection: keep-alive\r\n"
                + "Forwarded: for=192.0.2.1\r\nX-Forwarded-For: 192.0.2.1\r\nX-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Proto: https\r\nX-Auth-Admin: true\r\nX_Auth_User_Id: 1\r\nX-API-Key: k\r\n"
                + "X-HTTP-Method-Override: DELETE\r\nX-Kept: yes\r\nX-Request-Id: req-42\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        LoggedRequest upstream = forwarded();
        assertThat(upstream.getHeader("X-Kept")).isEqualTo("yes");
        assertThat(upstream.getHeader("X-Auth-Admin")).isEqualTo("false");
        assertThat(upstream.getHeader("X-Auth-Scheme")).isEqualTo("anonymous");
        assertThat(upstream.getHeader("X-Request-Id")).isEqualTo("req-42");
        assertThat(upstream.getHeader("Host")).isEqualTo("127.0.0.1:" + harness().upstream().port());
        for (String gone : List.of("X-Named-By-Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Connection",
                "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X_Auth_User_Id", "X-Auth-User-Id",
                "X-API-Key", "X-HTTP-Method-Override")) {
            assertThat(upstream.containsHeader(gone)).as(gone).isFalse();
        }
    }

    @Test
    void theNormalisedPathAndTheQueryAsSentAreForwarded() {
        RawHttp.Response answer = RawHttp.sendExactly(port,
                "GET /public/a/./b/../c?x=1&x=2&y=%20z HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(forwarded().getUrl()).isEqualTo("/public/a/c?x=1&x=2&y=%20z");
    }

    @Test
    void aRequestBodyArrivesWholeWithItsLength() {
        String body = "{\"title\":\"" + "x".repeat(5000) + "\"}";

        HttpResponse<String> answer = harness().sendWithBody(port, "POST", "/public/posts", body,
                "Content-Type", "application/json");

        assertThat(answer.statusCode()).isEqualTo(200);
        LoggedRequest upstream = forwarded();
        assertThat(upstream.getMethod().getName()).isEqualTo("POST");
        assertThat(upstream.getBodyAsString()).isEqualTo(body);
        assertThat(upstream.getHeader("Content-Length")).isEqualTo(Integer.toString(body.length()));
        assertThat(upstream.containsHeader("Transfer-Encoding")).isFalse();
    }

    @Test
    void theUpstreamsStatusHeadersAndBodyReachTheClient() {
        harness().upstream().stubFor(any(urlPathEqualTo("/public/created")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("X-Upstream", "u1")
                .withHeader("Set-Cookie", "a=1").withBody("{\"id\":7}")));

        HttpResponse<String> answer = harness().send(port, "GET", "/public/created");

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("{\"id\":7}");
        assertThat(answer.headers().firstValue("X-Upstream")).hasValue("u1");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().allValues("Set-Cookie")).containsExactly("a=1");
        assertThat(answer.headers().firstValue("X-Request-Id")).isPresent();
    }

    /** Small answers are read whole and written at once; larger and chunked ones stream: every byte arrives either way. */
    @Test
    void answersOfEverySizeAndFramingArriveWhole() {
        for (int size : new int[] {0, 1, 16 * 1024, 16 * 1024 + 1, 300_000}) {
            String body = "b".repeat(size);
            harness().upstream().stubFor(any(urlPathEqualTo("/public/size" + size))
                    .willReturn(aResponse().withStatus(200).withBody(body)));
            harness().upstream().stubFor(any(urlPathEqualTo("/public/chunked" + size))
                    .willReturn(aResponse().withStatus(200).withBody(body).withChunkedDribbleDelay(2, 20)));

            for (String path : List.of("/public/size" + size, "/public/chunked" + size)) {
                HttpResponse<String> answer = harness().send(port, "GET", path);
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
                assertThat(answer.body()).as(path).isEqualTo(body);
            }
        }
    }

    @Test
    void aHeadRequestGetsTheHeadersOfItsAnswerAndNoBody() {
        harness().upstream().stubFor(any(urlPathEqualTo("/public/head"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "5000")));

        RawHttp.Response answer = RawHttp.sendExactly(port, "HEAD /public/head HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.head()).containsIgnoringCase("content-length: 5000");
        assertThat(forwarded().getMethod().getName()).isEqualTo("HEAD");
    }
}
