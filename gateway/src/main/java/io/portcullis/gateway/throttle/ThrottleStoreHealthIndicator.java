package io.portcullis.gateway.throttle;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.store.StoreBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Instant;
import java.util.Locale;

/**
 * Health component {@code throttleStore}: UP while shared limits apply (the store's breaker is closed), DEGRADED while
 * {@code store_failure} does (breaker open or probing, connection down), with the mode in force. Requests keep being
 * served meanwhile, so the gateway is not DOWN (an orchestrator must not restart it for Redis's sake); DEGRADED tells
 * ops that limits are per instance (or off, or refusing) until Redis returns.
 */
public final class ThrottleStoreHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "the shared rate-limit store is unavailable");

    private final Throttler throttler;
    private final PolicyHolder policy;

    public ThrottleStoreHealthIndicator(Throttler throttler, PolicyHolder policy) {
        this.throttler = throttler;
        this.policy = policy;
    }

    @Override
    public Health health() {
        StoreBreaker breaker = throttler.breaker();
        if (breaker == null) {
            return Health.up().withDetail("store", "memory").withDetail("limits", "per instance").build();
        }
        Health.Builder health = breaker.available() ? Health.up() : Health.status(DEGRADED)
                .withDetail("storeFailure", policy.current().policy().storeFailure().name().toLowerCase(Locale.ROOT));
        Instant since = breaker.unavailableSince();
        if (since != null) {
            health.withDetail("unavailableSince", since.toString());
        }
        if (breaker.lastError() != null) {
            health.withDetail("lastError", breaker.lastError());
        }
        return health.withDetail("store", "redis").withDetail("address", breaker.address())
                .withDetail("breaker", breaker.state().name())
                .withDetail("connection", breaker.connection().name().toLowerCase(Locale.ROOT))
                .withDetail("failedCalls", breaker.failedCalls()).build();
    }
}
