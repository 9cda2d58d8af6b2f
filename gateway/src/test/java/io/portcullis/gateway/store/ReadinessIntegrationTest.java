package io.portcullis.gateway.store;

import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * DESIGN.md "Faults, limits and what is never lost": a gateway reports ready ({@code /actuator/health/readiness}) only
 * once its Redis connection is made or known to be down, so no request reaches it while it could only guess; liveness
 * never depends on Redis.
 */
class ReadinessIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final Path POLICY = PolicyFixture.write("throttle-outage", Map.of("upstream", harness.upstreamUrl(),
            "storeFailure", "local"));

    @AfterAll
    static void stop() {
        harness.stop();
    }

    private static GatewayInstance start(String redisUrl, String startupWait) {
        return GatewayInstance.start("--portcullis.policy.dir=" + POLICY, "--redis.url=" + redisUrl,
                "--portcullis.store.key-prefix=" + RedisHarness.keyPrefix(),
                "--portcullis.store.breaker.startup-wait=" + startupWait);
    }

    private static HttpResponse<String> probe(GatewayInstance gateway, String name) {
        return harness.send(gateway.managementPort(), "GET", "/actuator/health/" + name);
    }

    @Test
    void readinessIsOutOfServiceWhileRedisDoesNotAnswerAndUpOnceItConnects() {
        RedisHarness redis = RedisHarness.startPrivate();
        redis.pause();
        try (GatewayInstance gateway = start(redis.url(), "300ms")) {
            HttpResponse<String> waiting = probe(gateway, "readiness");
            HttpResponse<String> alive = probe(gateway, "liveness");
            redis.resume();
            AtomicReference<HttpResponse<String>> ready = new AtomicReference<>();
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                ready.set(probe(gateway, "readiness"));
                return ready.get().statusCode() == 200;
            });

            assertThat(waiting.statusCode()).isEqualTo(503);
            assertThat(waiting.body()).contains("\"status\":\"OUT_OF_SERVICE\"").contains("\"connection\":\"connecting\"");
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(ready.get().body()).contains("\"status\":\"UP\"").contains("\"connection\":\"up\"")
                    .contains("\"breaker\":\"CLOSED\"");
        } finally {
            redis.resume();
            redis.stop();
        }
    }

    @Test
    void readinessIsUpAtOnceWhenRedisRefusesTheConnection() {
        // A start-up that waited for a refused Redis would wait ten minutes here.
        GatewayInstance gateway = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> start("redis://127.0.0.1:" + FreePort.find(), "10m"));
        try (gateway) {
            HttpResponse<String> ready = probe(gateway, "readiness");
            HttpResponse<String> alive = probe(gateway, "liveness");

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"connection\":\"down\"");
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(harness.send(gateway.port(), "GET", "/local/x").statusCode()).as("served by store_failure").isEqualTo(200);
        }
    }
}
