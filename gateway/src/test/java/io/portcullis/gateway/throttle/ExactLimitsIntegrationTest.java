package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.store.StoreBreaker;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "Faults, limits and what is never lost": a rate {@code N/period} never admits more than N per key while
 * Redis answers, even slowly, with one instance or several, from an instance's first request on. Bursts of 50
 * concurrent requests on a 5/minute scope, each burst from a fresh client address, through real gateways on one Redis.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExactLimitsIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final RedisHarness redis = RedisHarness.startPrivate();
    static final String PREFIX = RedisHarness.keyPrefix();
    static final Path POLICY = PolicyFixture.write("breaker", Map.of("upstream", harness.upstreamUrl(),
            "storeFailure", "local", "storeTimeout", "500ms"));
    static final int BURST = 50;
    static final AtomicLong clients = new AtomicLong();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StoreBreaker breaker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", POLICY::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("redis.url", redis::url);
        registry.add("portcullis.store.key-prefix", () -> PREFIX);
    }

    @AfterAll
    static void stop() {
        harness.stop();
        redis.stop();
    }

    private static GatewayInstance anotherInstance() {
        return GatewayInstance.start("--portcullis.policy.dir=" + POLICY, "--redis.url=" + redis.url(),
                "--portcullis.store.key-prefix=" + PREFIX);
    }

    /** A client address no burst used before: a fresh key in Redis. */
    private static String freshClient() {
        long n = clients.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** 50 requests at once from one fresh client, spread over {@code ports}; how many were admitted. */
    private static long burst(int... ports) {
        String ip = freshClient();
        List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i % ports.length] + "/five/x"))
                    .header("X-Forwarded-For", ip).timeout(Duration.ofSeconds(30)).GET().build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
        }
        List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(200, 429);
        return statuses.stream().filter(status -> status == 200).count();
    }

    private static List<Long> bursts(int count, int... ports) {
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            admitted.add(burst(ports));
        }
        return admitted;
    }

    /** Requests answered by store_failure instead of Redis. */
    private static double fallbacks(MeterRegistry meters) {
        return meters.find("portcullis.throttle.store.failures").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void fiftyConcurrentRequestsOnAFivePerMinuteScopeAdmitExactlyFiveBurstAfterBurst() {
        List<Long> admitted = bursts(10, port);

        assertThat(admitted).hasSize(10).containsOnly(5L);
        assertThat(fallbacks(meters)).isZero();
    }

    @Test
    void twoInstancesOnOneRedisAdmitExactlyFiveOfFiftyBetweenThem() {
        try (GatewayInstance second = anotherInstance()) {
            List<Long> admitted = bursts(10, port, second.port());

            assertThat(admitted).hasSize(10).containsOnly(5L);
            assertThat(fallbacks(meters) + fallbacks(second.bean(MeterRegistry.class))).isZero();
        }
    }

    @Test
    void aFreshlyStartedGatewayIsExactFromItsFirstBurst() {
        try (GatewayInstance fresh = anotherInstance()) {
            long admitted = burst(fresh.port());

            assertThat(admitted).isEqualTo(5);
            assertThat(fallbacks(fresh.bean(MeterRegistry.class))).isZero();
        }
    }

    @Test
    void aSlowRedisIsWaitedForAndStaysExact() throws Exception {
        AtomicBoolean slowing = new AtomicBoolean(true);
        AtomicInteger sleeps = new AtomicInteger();
        Thread sleeper = new Thread(() -> slowDown(slowing, sleeps), "redis-debug-sleep");
        sleeper.start();
        List<Long> admitted;
        try {
            admitted = bursts(3, port);
        } finally {
            slowing.set(false);
            sleeper.join(10_000);
        }

        assertThat(sleeps.get()).as("DEBUG SLEEPs while the bursts ran").isPositive();
        assertThat(admitted).containsExactly(5L, 5L, 5L);
        assertThat(fallbacks(meters)).isZero();
        assertThat(breaker.failedCalls()).isZero();
    }

    /**
     * Keeps Redis busy 100 ms at a time, from a connection of its own, with 50 ms between: a reply waits at most about
     * one sleep, well below store_timeout even on a loaded machine (with 200 ms sleeps 20 ms apart, queued scripts
     * waited past 500 ms there, the breaker opened, and the local fallback rightly admitted its own share).
     */
    private static void slowDown(AtomicBoolean slowing, AtomicInteger sleeps) {
        LettuceConnectionFactory factory = RedisConnection.factory(redis.url(), Duration.ofSeconds(5));
        factory.afterPropertiesSet();
        factory.start();
        try (org.springframework.data.redis.connection.RedisConnection connection = factory.getConnection()) {
            while (slowing.get()) {
                connection.execute("DEBUG", "SLEEP".getBytes(StandardCharsets.UTF_8), "0.1".getBytes(StandardCharsets.UTF_8));
                sleeps.incrementAndGet();
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            factory.destroy();
        }
    }
}
