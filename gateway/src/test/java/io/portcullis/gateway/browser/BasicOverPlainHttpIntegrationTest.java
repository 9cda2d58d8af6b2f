package io.portcullis.gateway.browser;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Policy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** Basic only over TLS: refused on plain HTTP unless a trusted proxy says HTTPS, or allow_insecure_basic is written out. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BasicOverPlainHttpIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final String ALICE = "Basic " + Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    @Autowired
    PolicyHolder holder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("browser", Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    private PolicySnapshot original;

    @AfterEach
    void restore() {
        if (original != null) {
            holder.swap(original);
        }
    }

    private void withClients(int numProxies, boolean allowInsecureBasic) {
        original = holder.current();
        Policy p = original.policy();
        holder.swap(PolicySnapshot.of(new Policy(p.authentication(), p.tokens(), p.identity(), numProxies, p.throttleRates(),
                p.storeFailure(), p.routes(), allowInsecureBasic), original.users()));
    }

    @Test
    void basicOnPlainHttpIsRefusedWithAReasonAndNotForwarded() {
        harness.upstream().resetRequests();

        HttpResponse<String> response = harness.send(port, "GET", "/api/x", "Authorization", ALICE);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Basic authentication is only accepted over HTTPS.\"}");
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void forwardedProtoIsIgnoredWithoutATrustedProxy() {
        assertThat(harness.send(port, "GET", "/api/x", "Authorization", ALICE, "X-Forwarded-Proto", "https").statusCode())
                .isEqualTo(401);
    }

    @Test
    void forwardedProtoFromATrustedProxyCounts() {
        withClients(1, false);

        assertThat(harness.send(port, "GET", "/api/x", "Authorization", ALICE, "X-Forwarded-Proto", "https").statusCode())
                .isEqualTo(200);
    }

    @Test
    void allowInsecureBasicWrittenOutAcceptsPlainHttp() {
        withClients(0, true);

        assertThat(harness.send(port, "GET", "/api/x", "Authorization", ALICE).statusCode()).isEqualTo(200);
    }
}
