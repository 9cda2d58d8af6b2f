package io.portcullis.gateway.tokens;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoints on the embedded default: no REDIS_URL, state in memory. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenEndpointsMemoryIntegrationTest extends TokenEndpointsContract {

    static final GatewayHarness harness = new GatewayHarness();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("tokens", Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    @Override
    GatewayHarness harness() {
        return harness;
    }

    @Test
    void auditLogsLoginsRefreshesAndReuseWithoutPasswordsOrTokens() {
        reuseInterval(Duration.ZERO);
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger logger = (Logger) LoggerFactory.getLogger("portcullis.audit");
        logger.addAppender(audit);
        String refresh;
        try {
            post("/auth/token/", "{\"username\":\"alice\",\"password\":\"s3cret-guess\"}");
            refresh = login("alice").get("refresh").asString();
            post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
            post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
        } finally {
            logger.detachAppender(audit);
        }

        List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.startsWith("event=login_failed user=\"alice\" ip=127.0.0.1"))
                .anyMatch(line -> line.startsWith("event=login user=\"alice\""))
                .anyMatch(line -> line.startsWith("event=refresh user=\"alice\""))
                .anyMatch(line -> line.startsWith("event=refresh_reuse user=\"alice\""));
        assertThat(String.join("\n", lines)).doesNotContain("s3cret-guess").doesNotContain("alice-password")
                .doesNotContain(refresh.substring(30, 70));
    }
}
