package io.portcullis.gateway.reload;

import io.portcullis.policy.parse.Problem;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last reload attempt, for health: {@code problems} is empty when the policy serving is the
 * newest on disk, and lists why the newest edit was refused otherwise (the policy is then stale).
 */
public record ReloadStatus(Instant loadedAt, Instant attemptedAt, List<Problem> problems) {

    public ReloadStatus {
        problems = List.copyOf(problems);
    }

    public boolean stale() {
        return !problems.isEmpty();
    }
}
