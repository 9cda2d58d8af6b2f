package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.store.StoreBreaker;
import io.portcullis.gateway.store.StoreBreakerProperties;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.SlidingLogStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleStoreHealthIndicatorTest {

    private final PolicyHolder holder = new PolicyHolder(TestPolicies.snapshot(Map.of(), 0, StoreFailure.DENY));
    private final LocalRateLimiter local = new LocalRateLimiter(new SlidingLogStore(10, 100), () -> 0L);
    private final StoreBreaker breaker = new StoreBreaker("redis.internal:6380", StoreBreakerProperties.defaults().config(),
            Clock.systemUTC());
    private final Throttler shared = Throttler.shared(keys -> null, local, breaker, 1, new SimpleMeterRegistry());

    private Health health() {
        return new ThrottleStoreHealthIndicator(shared, holder).health();
    }

    @Test
    void healthWhenInMemoryThenUpAndPerInstance() {
        Health health = new ThrottleStoreHealthIndicator(Throttler.inMemory(local, new SimpleMeterRegistry()), holder).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("store", "memory").containsEntry("limits", "per instance");
    }

    @Test
    void healthWhenConnectedThenUpWithTheBreakerClosed() {
        breaker.connectionUp();

        assertThat(health().getStatus()).isEqualTo(Status.UP);
        assertThat(health().getDetails()).containsEntry("store", "redis").containsEntry("breaker", "CLOSED")
                .containsEntry("connection", "up").containsEntry("address", "redis.internal:6380");
    }

    @Test
    void healthWhenRedisIsDownThenDegradedWithTheFailurePolicyInForce() {
        breaker.connectionUp();
        breaker.connectionDown("connection lost");

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(ThrottleStoreHealthIndicator.DEGRADED);
        assertThat(health.getDetails()).containsEntry("storeFailure", "deny").containsEntry("lastError", "connection lost")
                .containsEntry("breaker", "FORCED_OPEN").containsEntry("connection", "down").containsKey("unavailableSince");
    }

    @Test
    void healthWhenRedisAnswersAgainThenUp() {
        breaker.connectionDown("connection refused");
        breaker.connectionUp();

        assertThat(health().getStatus()).isEqualTo(Status.UP);
        assertThat(health().getDetails()).doesNotContainKey("unavailableSince");
    }
}
