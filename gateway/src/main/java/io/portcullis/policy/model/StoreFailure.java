package io.portcullis.policy.model;

/** What the limiter does while its shared store is unreachable (policy.yaml {@code throttle.store_failure}). */
public enum StoreFailure {
    /** Per-instance limits: the safe default. */
    LOCAL,
    /** Admit everything: unsafe, only when written out. */
    ALLOW,
    /** Refuse everything. */
    DENY
}
