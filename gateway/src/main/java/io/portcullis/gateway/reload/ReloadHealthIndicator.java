package io.portcullis.gateway.reload;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.function.Supplier;

/**
 * A reloaded source's health component ({@code policy}, {@code signingKeys}): UP while the newest edit on disk is
 * serving, STALE with the errors after a refused reload (HTTP 200: what serves still works, so nothing restarts it).
 */
public final class ReloadHealthIndicator implements HealthIndicator {

    private final Supplier<ReloadStatus> status;
    private final Status stale;

    public ReloadHealthIndicator(Supplier<ReloadStatus> status, String staleDescription) {
        this.status = status;
        this.stale = new Status("STALE", staleDescription);
    }

    @Override
    public Health health() {
        ReloadStatus current = status.get();
        Health.Builder health = current.stale() ? Health.status(stale) : Health.up();
        health.withDetail("loadedAt", current.loadedAt().toString());
        if (current.stale()) {
            health.withDetail("refusedAt", current.attemptedAt().toString()).withDetail("errors", current.errors());
        }
        return health.build();
    }
}
