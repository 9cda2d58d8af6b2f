package io.portcullis.gateway.throttle;

import io.portcullis.gateway.reload.PolicyHolder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Locale;

/**
 * Health component {@code throttleStore}: UP while the limiter's store answers, DOWN while the shared store (Redis)
 * fails, with the {@code store_failure} mode in force. Requests keep being served meanwhile; DOWN tells ops that
 * limits are per instance (or off, or refusing) until Redis returns.
 */
public final class ThrottleStoreHealthIndicator implements HealthIndicator {

    private final Throttler throttler;
    private final PolicyHolder policy;

    public ThrottleStoreHealthIndicator(Throttler throttler, PolicyHolder policy) {
        this.throttler = throttler;
        this.policy = policy;
    }

    @Override
    public Health health() {
        StoreStatus status = throttler.status();
        if (status == null) {
            return Health.up().withDetail("store", "memory").withDetail("limits", "per instance").build();
        }
        Health.Builder health = status.available() ? Health.up() : Health.down()
                .withDetail("failingSince", status.failingSince().toString())
                .withDetail("lastError", status.lastError())
                .withDetail("storeFailure", policy.current().policy().storeFailure().name().toLowerCase(Locale.ROOT));
        return health.withDetail("store", "redis").withDetail("failedCalls", status.failures()).build();
    }
}
