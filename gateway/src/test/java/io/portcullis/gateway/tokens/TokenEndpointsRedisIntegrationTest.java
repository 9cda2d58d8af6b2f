package io.portcullis.gateway.tokens;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoints with REDIS_URL set, on a private Redis this test may take down and bring back. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenEndpointsRedisIntegrationTest extends TokenEndpointsContract {

    static final GatewayHarness harness = new GatewayHarness();
    static final RedisHarness redis = RedisHarness.startPrivate();
    static final String PREFIX = RedisHarness.keyPrefix();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("tokens", Map.of("upstream", harness.upstreamUrl())).toString());
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

    @Override
    GatewayHarness harness() {
        return harness;
    }

    @Test
    void whileRedisIsDownTokenStateAnswers503AndAccessTokensKeepWorking() {
        JsonNode pair = login("alice");
        String opaque = apiToken("alice");
        redis.stop();
        try {
            HttpResponse<String> refresh = post("/auth/token/refresh/", "{\"refresh\":\"" + pair.get("refresh").asString() + "\"}");
            HttpResponse<String> token = get("/api/x", "Authorization", "Token " + opaque);

            assertThat(refresh.statusCode()).isEqualTo(503);
            assertThat(refresh.body()).isEqualTo("{\"detail\":\"Service temporarily unavailable.\",\"code\":\"store_unavailable\"}");
            assertThat(token.statusCode()).isEqualTo(503);
            assertThat(post("/auth/token/blacklist/", "{\"refresh\":\"" + pair.get("refresh").asString() + "\"}").statusCode()).isEqualTo(503);
            assertThat(get("/api/x", "Authorization", "Bearer " + pair.get("access").asString()).statusCode()).isEqualTo(200);
        } finally {
            redis.start();
        }
        awaitRecovery(opaque);
        assertThat(post("/auth/token/refresh/", "{\"refresh\":\"" + pair.get("refresh").asString() + "\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aRefreshThatAnswered503WhileRedisHungCanBeRetried() throws InterruptedException {
        String refresh = login("alice").get("refresh").asString();
        refreshAnswers503WhileRedisHangs(refresh);

        HttpResponse<String> retry = awaitAnswer(() -> refresh(refresh));

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(family(json(retry).get("refresh").asString())).isEqualTo(family(refresh));
        assertThat(refresh(json(retry).get("refresh").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void afterTheReuseIntervalARetryOfARefreshThatAnswered503RevokesTheLogin() throws InterruptedException {
        String refresh = login("alice").get("refresh").asString();
        refreshAnswers503WhileRedisHangs(refresh);
        String next = json(awaitAnswer(() -> refresh(refresh))).get("refresh").asString();
        reuseInterval(Duration.ofSeconds(1));
        Thread.sleep(1_500);

        assertThat(refresh(refresh).statusCode()).isEqualTo(401);
        assertThat(refresh(next).statusCode()).isEqualTo(401);
    }

    @Test
    void everyRefreshStateKeyExpires() throws Exception {
        String refresh = login("alice").get("refresh").asString();
        String next = json(post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}")).get("refresh").asString();
        post("/auth/token/blacklist/", "{\"refresh\":\"" + next + "\"}");

        java.util.List<String> keys = redisCli("--scan", "--pattern", PREFIX + "*").lines()
                .filter(key -> key.startsWith(PREFIX + "rt:") || key.startsWith(PREFIX + "fam:")).toList();

        assertThat(keys).hasSizeGreaterThanOrEqualTo(3);
        for (String key : keys) {
            long ttl = Long.parseLong(redisCli("PTTL", key).strip());
            assertThat(ttl).as(key).isPositive().isLessThanOrEqualTo(java.time.Duration.ofDays(7).plusMinutes(1).toMillis());
        }
    }

    private static String redisCli(String... args) throws Exception {
        java.net.URI uri = java.net.URI.create(redis.url());
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("redis-cli", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort())));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    /**
     * Presents {@code refresh} while Redis is frozen: it answers 503, and its rotation script, already sent, waits in
     * the server's queue; then thaws Redis, which runs the script.
     */
    private void refreshAnswers503WhileRedisHangs(String refresh) {
        redis.pause();
        try {
            assertThat(refresh(refresh).statusCode()).isEqualTo(503);
        } finally {
            redis.resume();
        }
    }

    /** The first answer that is not a 503, while the store recovers. */
    private static HttpResponse<String> awaitAnswer(Supplier<HttpResponse<String>> call) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        HttpResponse<String> answer = call.get();
        while (answer.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = call.get();
        }
        return answer;
    }

    private void awaitRecovery(String opaque) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 401) {
            // The restarted Redis is empty: the opaque token is gone, and a 401 (not a 503) proves the store answers again.
            status = get("/api/x", "Authorization", "Token " + opaque).statusCode();
        }
        assertThat(status).isEqualTo(401);
    }
}
