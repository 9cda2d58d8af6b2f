package io.portcullis.gateway.throttle;

import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.SlidingLogStore;
import io.portcullis.policy.rate.ThrottleKey;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The embedded limiter: exact sliding logs in this process's memory, bounded in keys and slots (see
 * {@link SlidingLogStore}). Limits are per instance. Times come from a monotonic clock, so wall-clock steps never
 * open or close a window.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** Milliseconds from {@link System#nanoTime()}: monotonic, unlike the wall clock. */
    public static final LongSupplier MONOTONIC_MILLIS = () -> System.nanoTime() / 1_000_000L;

    private final SlidingLogStore store;
    private final LongSupplier millis;

    public LocalRateLimiter(SlidingLogStore store, LongSupplier millis) {
        this.store = store;
        this.millis = millis;
    }

    @Override
    public Mono<List<RateDecision>> acquire(List<ThrottleKey> keys) {
        return Mono.fromSupplier(() -> keys.isEmpty() ? List.of() : store.acquire(keys, millis.getAsLong()));
    }

    /** Keys held now (for tests and health). */
    public int size() {
        return store.size();
    }
}
