package io.portcullis.gateway.throttle;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis killed (SIGKILL) and restarted under a running gateway with the default 50 ms deadline: every request is
 * still answered, by the policy's {@code store_failure}, never with a 5xx and never hanging; health says so; shared
 * limits resume by themselves when Redis is back.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ThrottleOutageIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final RedisHarness redis = RedisHarness.startPrivate();
    static final String PREFIX = RedisHarness.keyPrefix();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    PolicyHolder holder;

    PolicySnapshot original;
    final List<Integer> everyStatus = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> policy("local"));
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("management.endpoint.health.show-details", () -> "always");
        registry.add("redis.url", redis::url);
        registry.add("portcullis.store.key-prefix", () -> PREFIX);
    }

    static String policy(String storeFailure) {
        return PolicyFixture.write("throttle-outage", Map.of("upstream", harness.upstreamUrl(), "storeFailure", storeFailure))
                .toString();
    }

    @AfterAll
    static void stop() {
        harness.stop();
        redis.stop();
    }

    @BeforeEach
    void remember() {
        original = holder.current();
    }

    @AfterEach
    void restore() throws InterruptedException {
        redis.start();
        awaitSharedStore();
        holder.swap(original);
        assertThat(everyStatus).as("answers during the test").isSubsetOf(200, 429);
    }

    private void use(String storeFailure) throws Exception {
        holder.swap(PolicyLoader.load(java.nio.file.Path.of(policy(storeFailure))));
    }

    private HttpResponse<String> get(String path) {
        HttpResponse<String> response = harness.send(port, "GET", path);
        everyStatus.add(response.statusCode());
        return response;
    }

    private List<Integer> statuses(int count, String path) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(get(path).statusCode());
        }
        return statuses;
    }

    private HttpResponse<String> health() {
        return harness.send(managementPort, "GET", "/actuator/health/throttleStore");
    }

    /** Until a request has been counted in Redis again (Lettuce reconnects with back-off). */
    private void awaitSharedStore() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            get("/probe/x");
            if (health().body().contains("\"status\":\"UP\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not return to Redis within 30 s: " + health().body());
    }

    /**
     * Until the gateway knows Redis is gone (the connection's loss reaches it a moment after the kill): a request sent
     * in that moment is in doubt, refused under {@code local} rather than counted in two places.
     */
    private void awaitOutageNoticed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (health().body().contains("\"status\":\"DEGRADED\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway did not notice the outage within 10 s: " + health().body());
    }

    private static long ttlMillis(String key) {
        LettuceConnectionFactory factory = RedisConnection.factory(redis.url(), Duration.ofSeconds(2));
        factory.afterPropertiesSet();
        factory.start();
        try {
            return new ReactiveStringRedisTemplate(factory).getExpire(key).map(Duration::toMillis).block();
        } finally {
            factory.destroy();
        }
    }

    @Test
    void withLocalFallbackRequestsAreCountedPerInstanceDuringTheOutageAndInRedisAfterIt() throws Exception {
        List<Integer> before = statuses(2, "/local/x");
        redis.stop();
        awaitOutageNoticed();

        List<Integer> during = statuses(6, "/local/x");
        HttpResponse<String> down = health();
        redis.start();
        awaitSharedStore();
        List<Integer> after = statuses(6, "/local/x");

        assertThat(before).containsExactly(200, 200);
        assertThat(during).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(down.body()).contains("\"status\":\"DEGRADED\"").contains("\"storeFailure\":\"local\"");
        assertThat(after).as("Redis restarted empty: a fresh shared window").containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(ttlMillis(PREFIX + "throttle:{ip:127.0.0.1}:local:ip:127.0.0.1")).isBetween(1L, 61_000L);
    }

    @Test
    void withDenyEveryThrottledRouteAnswers429UntilRedisReturns() throws Exception {
        use("deny");
        redis.stop();

        HttpResponse<String> refused = get("/deny/x");
        redis.start();
        awaitSharedStore();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(get("/deny/x").statusCode()).isEqualTo(200);
    }

    @Test
    void withAllowRequestsPassUncountedUntilRedisReturns() throws Exception {
        use("allow");
        redis.stop();

        List<Integer> during = statuses(8, "/allow/x");
        HttpResponse<String> last = get("/allow/x");

        assertThat(during).containsOnly(200);
        assertThat(last.headers().firstValue("RateLimit-Limit")).isEmpty();
    }
}
