package io.portcullis.gateway.store;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.policy.parse.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md "Faults, limits and what is never lost": {@code store_failure} applies only while Redis is unavailable,
 * as its breaker decides, and then at once: a paused Redis (SIGSTOP) opens the breaker after a few timed-out calls, a
 * killed one at once (the connection drops). While it is open, rate limits follow {@code store_failure} and token state
 * answers 503 without waiting out any deadline; when Redis answers again, probes close it and shared limits apply,
 * without a restart. The token deadline is 30 s here, and requests give up after 5 s: an answer proves nothing waited.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisOutageIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final RedisHarness redis = RedisHarness.startPrivate();
    static final String PREFIX = RedisHarness.keyPrefix();
    static final Duration PATIENCE = Duration.ofSeconds(5);
    static final AtomicLong clients = new AtomicLong();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STORE_UNAVAILABLE =
            "{\"detail\":\"Service temporarily unavailable.\",\"code\":\"store_unavailable\"}";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    PolicyHolder holder;

    @Autowired
    StoreBreaker breaker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> policy("deny", "200ms").toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("redis.url", redis::url);
        registry.add("portcullis.store.key-prefix", () -> PREFIX);
        registry.add("portcullis.store.token-deadline", () -> "30s");
        // Long enough that no probe (which may wait out a deadline) starts while a test checks what "open" answers.
        registry.add("portcullis.store.breaker.open-for", () -> "3s");
    }

    static Path policy(String storeFailure, String storeTimeout) {
        return PolicyFixture.write("breaker", Map.of("upstream", harness.upstreamUrl(), "storeFailure", storeFailure,
                "storeTimeout", storeTimeout));
    }

    @AfterAll
    static void stop() {
        harness.stop();
        redis.stop();
    }

    @AfterEach
    void redisBack() throws Exception {
        redis.resume();
        redis.start();
        use("deny", "200ms");
        awaitBreakerClosed();
    }

    private void use(String storeFailure, String storeTimeout) throws Exception {
        holder.swap(PolicyLoader.load(policy(storeFailure, storeTimeout)));
    }

    private static String freshClient() {
        long n = clients.incrementAndGet();
        return "10.9." + (n >> 8 & 255) + "." + (n & 255);
    }

    private HttpResponse<String> five(String client) {
        return harness.sendWithin(PATIENCE, port, "GET", "/five/x", null, "X-Forwarded-For", client);
    }

    private HttpResponse<String> refresh(String token) {
        return harness.sendWithin(PATIENCE, port, "POST", "/auth/token/refresh/", "{\"refresh\":\"" + token + "\"}",
                "Content-Type", "application/json");
    }

    private String loginRefreshToken() {
        HttpResponse<String> login = harness.postJson(port, "/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        return JSON.readTree(login.body()).get("refresh").asString();
    }

    /** Requests until the breaker opens (each waits store_timeout while it is closed); their statuses. */
    private List<Integer> untilTheBreakerOpens() {
        List<Integer> statuses = new ArrayList<>();
        while (breaker.state() != State.OPEN && statuses.size() < 20) {
            statuses.add(five(freshClient()).statusCode());
        }
        assertThat(breaker.state()).as("breaker after %s calls", statuses.size()).isEqualTo(State.OPEN);
        return statuses;
    }

    /** Until requests close the breaker again (the first after open-for is a probe). */
    private void awaitBreakerClosed() {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            harness.send(port, "GET", "/probe/x");
            return breaker.state() == State.CLOSED;
        });
    }

    /** Five of six admitted, and the five counted in Redis: the shared limit applies. */
    private void assertSharedLimitApplies() throws Exception {
        String client = freshClient();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(five(client).statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(redisCli("LLEN", PREFIX + "throttle:{ip:" + client + "}:five:ip:" + client)).isEqualTo("5");
    }

    private static String redisCli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(redis.port())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return output;
    }

    @Test
    void whileRedisIsPausedTheBreakerOpensAndStoreFailureAppliesWithoutWaitingUntilProbesCloseIt() throws Exception {
        String refreshToken = loginRefreshToken();
        redis.pause();

        List<Integer> beforeOpen = untilTheBreakerOpens();
        use("deny", "30s");
        HttpResponse<String> denied = five(freshClient());
        HttpResponse<String> refreshed = refresh(refreshToken);
        HttpResponse<String> health = harness.send(managementPort, "GET", "/actuator/health/throttleStore");
        use("allow", "30s");
        HttpResponse<String> allowed = five(freshClient());
        redis.resume();
        use("deny", "200ms");
        awaitBreakerClosed();

        assertThat(beforeOpen).as("timed-out calls are refused, never guessed").containsOnly(429).hasSizeLessThanOrEqualTo(10);
        assertThat(denied.statusCode()).isEqualTo(429);
        assertThat(denied.headers().firstValue("Retry-After")).as("while the breaker stays open").contains("3");
        assertThat(refreshed.statusCode()).isEqualTo(503);
        assertThat(refreshed.body()).isEqualTo(STORE_UNAVAILABLE);
        assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("\"breaker\":\"OPEN\"")
                .contains("\"connection\":\"up\"").contains("\"lastError\":\"TimeoutException\"");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertSharedLimitApplies();
        assertThat(refresh(refreshToken).statusCode()).as("token state answers again").isEqualTo(200);
    }

    @Test
    void whenRedisIsKilledStoreFailureAppliesAtOnceAndARestartOnTheSamePortRecovers() throws Exception {
        String refreshToken = loginRefreshToken();
        use("deny", "30s");
        redis.stop();

        HttpResponse<String> denied = five(freshClient());
        HttpResponse<String> refreshed = refresh(refreshToken);
        HttpResponse<String> health = harness.send(managementPort, "GET", "/actuator/health/throttleStore");
        redis.start();
        awaitBreakerClosed();

        assertThat(denied.statusCode()).isEqualTo(429);
        assertThat(refreshed.statusCode()).isEqualTo(503);
        assertThat(refreshed.body()).isEqualTo(STORE_UNAVAILABLE);
        assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("\"connection\":\"down\"");
        assertSharedLimitApplies();
    }
}
