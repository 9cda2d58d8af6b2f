package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.SlidingLogStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleStoreHealthIndicatorTest {

    private final PolicyHolder holder = new PolicyHolder(TestPolicies.snapshot(Map.of(), 0, StoreFailure.DENY));
    private final LocalRateLimiter local = new LocalRateLimiter(new SlidingLogStore(10, 100), () -> 0L);
    private final StoreStatus status = new StoreStatus(1_000_000_000L, System::nanoTime, Clock.systemUTC());
    private final Throttler shared = Throttler.shared(keys -> null, local, Duration.ofMillis(50), 1, status,
            new SimpleMeterRegistry());

    @Test
    void healthWhenInMemoryThenUpAndPerInstance() {
        Health health = new ThrottleStoreHealthIndicator(Throttler.inMemory(local, new SimpleMeterRegistry()), holder).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("store", "memory").containsEntry("limits", "per instance");
    }

    @Test
    void healthWhenRedisAnswersThenUp() {
        Health health = new ThrottleStoreHealthIndicator(shared, holder).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("store", "redis");
    }

    @Test
    void healthWhenRedisFailsThenDownWithTheFailurePolicyInForce() {
        status.failed(new IOException("refused"), "deny");

        Health health = new ThrottleStoreHealthIndicator(shared, holder).health();

        assertThat(health.getStatus()).isEqualTo(ThrottleStoreHealthIndicator.DEGRADED);
        assertThat(health.getDetails()).containsEntry("storeFailure", "deny").containsEntry("lastError", "IOException")
                .containsEntry("failedCalls", 1L).containsKey("failingSince");
    }

    @Test
    void healthWhenRedisAnswersAgainThenUp() {
        status.failed(new IOException("refused"), "deny");
        status.succeeded();

        assertThat(new ThrottleStoreHealthIndicator(shared, holder).health().getStatus()).isEqualTo(Status.UP);
    }
}
