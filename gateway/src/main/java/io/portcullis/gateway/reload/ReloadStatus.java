package io.portcullis.gateway.reload;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last reload attempt, for health: {@code errors} is empty when what is serving is the newest on
 * disk, and says why the newest edit was refused otherwise (what is serving is then stale). Errors never hold secrets.
 */
public record ReloadStatus(Instant loadedAt, Instant attemptedAt, List<String> errors) {

    public ReloadStatus {
        errors = List.copyOf(errors);
    }

    public boolean stale() {
        return !errors.isEmpty();
    }
}
