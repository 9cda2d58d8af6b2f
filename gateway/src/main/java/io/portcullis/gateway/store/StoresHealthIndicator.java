package io.portcullis.gateway.store;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Locale;

/**
 * Health component {@code stores}, part of the readiness group: OUT_OF_SERVICE until the Redis connection is made or
 * known to be down (refused), so that an instance receives traffic only when its first request can be counted
 * exactly (DESIGN.md "Faults, limits and what is never lost"). A known outage is not a reason to hold traffic back
 * ({@code store_failure} answers at once), and neither is a later one: UP, with the breaker's state. Liveness never
 * looks at Redis.
 */
public final class StoresHealthIndicator implements HealthIndicator {

    private final StoreBreaker redis;

    /** {@code redis} is null when state is in memory. */
    public StoresHealthIndicator(StoreBreaker redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        if (redis == null) {
            return Health.up().withDetail("store", "memory").build();
        }
        return (redis.settled() ? Health.up() : Health.outOfService())
                .withDetail("store", "redis")
                .withDetail("address", redis.address())
                .withDetail("connection", redis.connection().name().toLowerCase(Locale.ROOT))
                .withDetail("breaker", redis.state().name())
                .build();
    }
}
