package io.portcullis.gateway.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing switched off by name although an OTLP endpoint is set (an environment shared with traced services):
 * nothing is exported, and the client's trace headers reach the upstream exactly as before tracing existed.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TracingOffIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final OtlpReceiver receiver = new OtlpReceiver();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("tracing",
                Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", receiver::baseUrl);
        registry.add("portcullis.tracing.enabled", () -> "false");
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "50ms");
    }

    @AfterAll
    static void stop() {
        harness.stop();
        receiver.stop();
    }

    @Test
    void switchedOffNothingIsExportedAndTheClientsTraceHeadersPassThroughUntouched() throws InterruptedException {
        ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
        accessLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger("portcullis.access");
        logger.addAppender(accessLog);
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try {
            for (int i = 0; i < 5; i++) {
                harness.send(port, "GET", "/api/posts/" + i, "traceparent", traceparent, "tracestate", "vendor=client");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> accessLog.list.size() >= 5);
            Thread.sleep(500); // ten export intervals: a span would have been sent by now
        } finally {
            logger.detachAppender(accessLog);
        }

        assertThat(receiver.exports()).isZero();
        assertThat(context.getBeanNamesForType(RequestTracing.class)).isEmpty();
        assertThat(context.getBeanNamesForType(UpstreamSpan.class)).isEmpty();
        LoggedRequest forwarded = harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0);
        assertThat(forwarded.getHeader("traceparent")).isEqualTo(traceparent);
        assertThat(forwarded.getHeader("tracestate")).isEqualTo("vendor=client");
        assertThat(accessLog.list).allSatisfy(line -> assertThat(line.getFormattedMessage()).doesNotContain("trace_id"));
    }
}
