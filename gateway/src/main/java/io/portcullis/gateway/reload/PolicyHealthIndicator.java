package io.portcullis.gateway.reload;

import io.portcullis.policy.parse.Problem;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** Health component {@code policy}: UP while the newest edit on disk is serving, STALE with the errors after a refused reload. */
public final class PolicyHealthIndicator implements HealthIndicator {

    public static final Status STALE = new Status("STALE", "the newest policy edit was refused; the last good policy is serving");

    private final PolicyWatcher watcher;

    public PolicyHealthIndicator(PolicyWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public Health health() {
        ReloadStatus status = watcher.status();
        Health.Builder health = status.stale() ? Health.status(STALE) : Health.up();
        health.withDetail("loadedAt", status.loadedAt().toString());
        if (status.stale()) {
            health.withDetail("refusedAt", status.attemptedAt().toString())
                    .withDetail("errors", status.problems().stream().map(Problem::toString).toList());
        }
        return health.build();
    }
}
