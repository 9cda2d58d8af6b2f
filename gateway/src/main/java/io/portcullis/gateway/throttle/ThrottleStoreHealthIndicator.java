package io.portcullis.gateway.throttle;

import io.portcullis.gateway.reload.PolicyHolder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.Locale;

/**
 * Health component {@code throttleStore}: UP while the limiter's store answers, DEGRADED while the shared store
 * (Redis) fails, with the {@code store_failure} mode in force. Requests keep being served meanwhile, so the gateway is
 * not DOWN (an orchestrator must not restart it for Redis's sake); DEGRADED tells ops that limits are per instance
 * (or off, or refusing) until Redis returns.
 */
public final class ThrottleStoreHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "the shared rate-limit store is unreachable");

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
        Health.Builder health = status.available() ? Health.up() : Health.status(DEGRADED)
                .withDetail("failingSince", status.failingSince().toString())
                .withDetail("lastError", status.lastError())
                .withDetail("storeFailure", policy.current().policy().storeFailure().name().toLowerCase(Locale.ROOT));
        return health.withDetail("store", "redis").withDetail("failedCalls", status.failures()).build();
    }
}
