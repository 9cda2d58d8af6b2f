package io.portcullis.policy.rate;

import java.util.Objects;

/**
 * One counter a request is recorded under: the {@code scope} it comes from (for reason ids such as
 * {@code throttled:user}), the {@code key} that identifies the counter within every gateway instance (without the
 * store's prefix), and the {@code rate} it is limited to.
 */
public record ThrottleKey(String scope, String key, Rate rate) {

    public ThrottleKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rate, "rate");
    }

    /** The same counter at another rate (a per-instance share while the shared store is away). */
    public ThrottleKey withRate(Rate other) {
        return new ThrottleKey(scope, key, other);
    }
}
