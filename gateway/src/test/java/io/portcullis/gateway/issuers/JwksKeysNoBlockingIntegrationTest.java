package io.portcullis.gateway.issuers;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.portcullis.gateway.EventLoopAllowances;
import io.portcullis.gateway.support.BlockingCalls;
import io.portcullis.policy.token.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.portcullis.gateway.issuers.TestJwks.RSA_A;
import static io.portcullis.gateway.issuers.TestJwks.RSA_B;
import static io.portcullis.gateway.issuers.TestJwks.rsa;
import static io.portcullis.gateway.issuers.TestJwks.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * STYLE.md "Nothing blocks an event-loop thread": discovering, fetching, refreshing on an unknown kid (asked from a
 * non-blocking thread, as a request would) and failing make no blocking call on an event loop or a non-blocking
 * Reactor scheduler, as BlockHound sees it (NoBlockingOnEventLoopsIntegrationTest proves the recorder sees one).
 */
class JwksKeysNoBlockingIntegrationTest {

    static {
        BlockingCalls.install(new EventLoopAllowances());
    }

    private static final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static {
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void fetchingAndRefreshingKeysNeverBlockAnEventLoop() {
        String issuer = "http://127.0.0.1:" + server.port() + "/realms/acme";
        server.stubFor(get("/realms/acme/.well-known/openid-configuration").willReturn(okJson(TestJwks.json(
                Map.of("issuer", issuer, "jwks_uri", issuer + "/certs")))));
        server.stubFor(get("/realms/acme/certs").willReturn(okJson(set(rsa("a", RSA_A)))));
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        cycleParallelWorkers();
        BlockingCalls.drain();

        try (JwksKeys keys = new JwksKeys("sso", null, URI.create(issuer), true, Duration.ofHours(1),
                Set.of("RS256"), clock, JwksLimits.DEFAULT, HttpClient.create())) {
            keys.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> keys.status().kids().contains("a"));
            server.stubFor(get("/realms/acme/certs").willReturn(okJson(set(rsa("b", RSA_B)))));
            assertThat(refreshFromANonBlockingThread(keys)).isTrue();
            server.stubFor(get("/realms/acme/certs").willReturn(aResponse().withStatus(500)));
            clock.advance(Duration.ofMinutes(1));
            assertThat(refreshFromANonBlockingThread(keys)).isFalse();
            assertThat(keys.status().failureReason()).contains("answered 500");
        }

        assertThat(BlockingCalls.drain()).isEmpty();
    }

    /**
     * A parallel worker started by an earlier test waits for work in a call BlockHound saw begin before it was
     * installed, so that wait is reported; one task each makes every worker wait anew, in a call BlockHound allows.
     */
    private static void cycleParallelWorkers() {
        Flux.range(0, Schedulers.DEFAULT_POOL_SIZE * 4)
                .flatMap(i -> Mono.fromRunnable(() -> { }).subscribeOn(Schedulers.parallel()))
                .blockLast(Duration.ofSeconds(10));
    }

    private static Boolean refreshFromANonBlockingThread(JwksKeys keys) {
        return Mono.defer(() -> Mono.fromCompletionStage(keys.refreshForUnknownKid()))
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));
    }
}
