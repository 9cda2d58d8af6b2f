package io.portcullis.policy.rate;

import java.util.Objects;

/**
 * One counter a request is recorded under: the {@code scope} it comes from (for reason ids such as
 * {@code throttled:user}), the {@code subject} it counts (a user id or a client address: every counter of one request
 * counts the same subject, so a shared store can keep them together, see {@code RedisRateLimiter}), the {@code key}
 * that identifies the counter within every gateway instance (without the store's prefix), and the {@code rate} it is
 * limited to.
 */
public record ThrottleKey(String scope, String subject, String key, Rate rate) {

    public ThrottleKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rate, "rate");
    }

    /** A counter that is its own subject (it shares a request with no other counter). */
    public ThrottleKey(String scope, String key, Rate rate) {
        this(scope, key, key, rate);
    }

    /** The same counter at another rate (a per-instance share while the shared store is away). */
    public ThrottleKey withRate(Rate other) {
        return new ThrottleKey(scope, subject, key, other);
    }
}
