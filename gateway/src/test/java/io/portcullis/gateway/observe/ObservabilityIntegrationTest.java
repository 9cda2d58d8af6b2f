package io.portcullis.gateway.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 5 observability: request ids, the JSON access log without secrets, Prometheus metrics after traffic. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservabilityIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("pipeline", Map.of(
                "upstream", harness.upstreamUrl(), "refused", "http://127.0.0.1:" + FreePort.find())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        harness.stop();
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

    private List<String> lines() {
        return accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void clientRequestIdIsPassedUpstreamAndBack() {
        HttpResponse<String> response = harness.send(port, "GET", "/public/x", "X-Request-Id", "abc-123");

        assertThat(response.headers().firstValue("X-Request-Id")).contains("abc-123");
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0).getHeader("X-Request-Id")).isEqualTo("abc-123");
    }

    @Test
    void missingOrUnsafeRequestIdIsReplacedByAGeneratedOne() {
        HttpResponse<String> response = harness.send(port, "GET", "/public/x", "X-Request-Id", "bad id\"{}");

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0).getHeader("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void everyRequestWritesOneJsonAccessLogLineWithoutSecrets() {
        String token = harness.accessToken(Users.ALICE);
        harness.send(port, "GET", "/api/posts/1?token=" + token, "Authorization", "Bearer " + token, "X-Request-Id", "log-1");
        harness.send(port, "GET", "/admin/x", "Authorization", "Bearer " + token + "x", "X-Request-Id", "log-2");

        // The line is written when the exchange completes, which may be just after the client has its answer.
        await().atMost(Duration.ofSeconds(5)).until(() -> lines().size() >= 2);
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).startsWith("{\"time\":")
                .contains("\"request_id\":\"log-1\"", "\"method\":\"GET\"", "\"path\":\"/api/posts/1\"", "\"route\":\"posts\"",
                        "\"user_id\":\"1\"", "\"scheme\":\"jwt\"", "\"issuer\":\"portcullis\"", "\"status\":200", "\"total_ms\":", "\"upstream_ms\":");
        assertThat(lines().get(1)).contains("\"status\":401", "\"reason\":\"token_bad_signature\"", "\"route\":\"admin\"");
        assertThat(String.join("\n", lines())).doesNotContain(token.substring(20, 60));
    }

    @Test
    void withoutAnOtlpEndpointNothingIsTracedAndTheClientsTraceparentPassesThrough() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        harness.send(port, "GET", "/public/x", "traceparent", traceparent, "X-Request-Id", "untraced");

        await().atMost(Duration.ofSeconds(5)).until(() -> !lines().isEmpty());
        assertThat(lines().get(0)).doesNotContain("trace_id");
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0).getHeader("traceparent")).isEqualTo(traceparent);
    }

    @Test
    void accessLogIsBareJsonWrittenInBatchesByABackgroundThread() {
        Logger logger = (Logger) LoggerFactory.getLogger("portcullis.access");
        BatchedConsoleAppender batched = (BatchedConsoleAppender) logger.getAppender("ACCESS");

        assertThat(logger.isAdditive()).as("not also formatted by the root console appender").isFalse();
        assertThat(batched).isNotNull();
        assertThat(batched.isStarted()).isTrue();
        assertThat(batched.getFlushIntervalMillis()).isEqualTo(100);
        assertThat(((PatternLayoutEncoder) batched.getEncoder()).getPattern()).isEqualTo("%m%n");
    }

    @Test
    void metricsCountRequestsByRouteAndOutcomeAndAuthenticationFailures() {
        harness.send(port, "GET", "/public/x");
        harness.send(port, "GET", "/admin/x");
        harness.send(port, "GET", "/nowhere");
        harness.send(port, "GET", "/down/x");
        harness.send(port, "GET", "/public/x", "Authorization", "Bearer a.b.c");

        String metrics = harness.send(managementPort, "GET", "/actuator/prometheus").body();

        assertThat(metrics).contains("portcullis_requests_total{outcome=\"forwarded\",route=\"public\"}")
                .contains("portcullis_requests_total{outcome=\"401\",route=\"admin\"}")
                .contains("portcullis_requests_total{outcome=\"404\",route=\"none\"}")
                .contains("portcullis_requests_total{outcome=\"5xx\",route=\"down\"}")
                .contains("portcullis_authentication_failures_total{reason=\"token_malformed\",scheme=\"jwt\"}")
                .contains("portcullis_upstream_latency_seconds_bucket{route=\"public\"")
                .contains("portcullis_throttle_decisions_total{result=\"admitted\",scope=\"burst\"}");
    }
}
