package io.portcullis.gateway.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.observe.OtlpReceiver.ExportedSpan;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18 item 1: with an OTLP endpoint set (here OTEL_EXPORTER_OTLP_ENDPOINT's form, a base URL), every public
 * request is traced and exported to a real OTLP/HTTP receiver, which decodes the protobuf export.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TracingIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final OtlpReceiver receiver = new OtlpReceiver();
    static final String COOKIE = "sessionid=cookie-secret-4f1c";
    static final String API_KEY = "api-key-secret-9d2e";

    @LocalServerPort
    int port;

    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("tracing",
                Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", receiver::baseUrl);
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "50ms");
    }

    @AfterAll
    static void stop() {
        harness.stop();
        receiver.stop();
    }

    @BeforeEach
    void captureAccessLog() {
        accessLog.start();
        ((Logger) LoggerFactory.getLogger("portcullis.access")).addAppender(accessLog);
        harness.upstream().resetRequests();
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger("portcullis.access")).detachAppender(accessLog);
    }

    @Test
    void continuesTheClientsTraceWithServerAuthenticationAndUpstreamSpans() {
        String traceId = hex(16);
        String clientSpanId = hex(8);
        String token = harness.accessToken(Users.ALICE);

        HttpResponse<String> response = harness.send(port, "GET", "/api/posts/1?access=" + token,
                "traceparent", "00-" + traceId + "-" + clientSpanId + "-01", "tracestate", "vendor=client",
                "Authorization", "Bearer " + token, "Cookie", COOKIE, "X-API-Key", API_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        List<ExportedSpan> spans = awaitSpans(traceId, 3);
        ExportedSpan server = only(spans, "GET posts");
        assertThat(server.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(server.parentSpanId()).isEqualTo(clientSpanId);
        assertThat(server.attributes()).containsEntry("http.request.method", "GET")
                .containsEntry("http.route", "posts")
                .containsEntry("http.response.status_code", "200")
                .containsEntry("portcullis.auth.scheme", "jwt")
                .containsEntry("portcullis.decision", "allowed");
        ExportedSpan authenticate = only(spans, "authenticate");
        assertThat(authenticate.parentSpanId()).isEqualTo(server.spanId());
        assertThat(authenticate.attributes()).containsEntry("portcullis.auth.scheme", "jwt")
                .containsEntry("portcullis.decision", "allowed");
        assertThat(only(spans, "throttle").parentSpanId()).isEqualTo(server.spanId());
        ExportedSpan upstream = only(spans, "upstream GET");
        assertThat(upstream.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(upstream.parentSpanId()).isEqualTo(server.spanId());
        assertThat(upstream.attributes()).containsEntry("http.response.status_code", "200")
                .containsEntry("server.address", "127.0.0.1");

        LoggedRequest forwarded = harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0);
        assertThat(forwarded.getHeader("traceparent")).as("names the gateway's upstream span, not the client's")
                .isEqualTo("00-" + traceId + "-" + upstream.spanId() + "-01");
        assertThat(forwarded.getHeaders().getHeader("traceparent").values()).hasSize(1);
        assertThat(forwarded.getHeader("tracestate")).isEqualTo("vendor=client");

        await().atMost(Duration.ofSeconds(5)).until(() -> !lines().isEmpty());
        assertThat(lines().get(0)).contains("\"trace_id\":\"" + traceId + "\"");
        assertNoSecretIn(receiver.spans(), token);
    }

    @Test
    void aRequestWithoutTraceparentStartsANewTrace() {
        harness.send(port, "GET", "/api/posts/2");

        await().atMost(Duration.ofSeconds(5)).until(() -> !lines().isEmpty());
        String traceId = traceId(lines().get(0));
        ExportedSpan server = only(awaitSpans(traceId, 2), "GET posts");
        assertThat(server.parentSpanId()).isEmpty();
        assertThat(server.attributes()).containsEntry("portcullis.auth.scheme", "anonymous");
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0).getHeader("traceparent"))
                .startsWith("00-" + traceId + "-");
    }

    @Test
    void refusalsAreRecordedWithTheirStatusOnTheSpanThatRefused() {
        String badToken = harness.accessToken(Users.ALICE) + "x";
        String refused = send("/admin/x", "Authorization", "Bearer " + badToken);
        List<ExportedSpan> spans = awaitSpans(refused, 2);
        assertThat(only(spans, "GET admin").attributes()).containsEntry("portcullis.decision", "401")
                .containsEntry("http.response.status_code", "401")
                .containsEntry("portcullis.auth.scheme", "jwt");
        assertThat(only(spans, "authenticate").attributes()).containsEntry("portcullis.decision", "401");
        assertThat(spans).extracting(ExportedSpan::name).doesNotContain("upstream GET");

        String forbidden = send("/admin/x", "Authorization", "Bearer " + harness.accessToken(Users.ALICE));
        assertThat(only(awaitSpans(forbidden, 2), "GET admin").attributes()).containsEntry("portcullis.decision", "403");

        send("/limited/a");
        String throttled = send("/limited/a");
        List<ExportedSpan> throttledSpans = awaitSpans(throttled, 3);
        assertThat(only(throttledSpans, "GET limited").attributes()).containsEntry("portcullis.decision", "429");
        assertThat(only(throttledSpans, "throttle").attributes()).containsEntry("portcullis.decision", "429");
        assertNoSecretIn(receiver.spans(), badToken);
    }

    @Test
    void aRequestNoRouteMatchesHasAFixedNameWithoutRoute() {
        String traceId = send("/nowhere/" + hex(4));

        ExportedSpan server = only(awaitSpans(traceId, 1), "GET unmatched");
        assertThat(server.attributes()).doesNotContainKey("http.route")
                .containsEntry("portcullis.decision", "404");
    }

    /** Sends a GET and returns the trace id the access log names for it. */
    private String send(String path, String... headers) {
        int before = lines().size();
        harness.send(port, "GET", path, headers);
        await().atMost(Duration.ofSeconds(5)).until(() -> lines().size() > before);
        return traceId(lines().get(before));
    }

    private static String traceId(String line) {
        int at = line.indexOf("\"trace_id\":\"");
        assertThat(at).as("trace_id in %s", line).isPositive();
        return line.substring(at + 12, at + 12 + 32);
    }

    private List<ExportedSpan> awaitSpans(String traceId, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans(traceId).size() >= count);
        return receiver.spans(traceId);
    }

    private static ExportedSpan only(List<ExportedSpan> spans, String name) {
        List<ExportedSpan> named = spans.stream().filter(span -> span.name().equals(name)).toList();
        assertThat(named).as("spans named %s among %s", name, spans).hasSize(1);
        return named.get(0);
    }

    private static void assertNoSecretIn(List<ExportedSpan> spans, String token) {
        String everything = spans.toString();
        assertThat(everything).doesNotContain(token.substring(20, 60), "Bearer", COOKIE, "cookie-secret", API_KEY,
                GatewayHarness.JWT_SECRET);
    }

    private List<String> lines() {
        return accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return java.util.HexFormat.of().formatHex(random);
    }
}
