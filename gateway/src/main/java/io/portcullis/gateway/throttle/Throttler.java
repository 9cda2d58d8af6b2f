package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.ThrottleKey;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The one way the gateway counts requests: asks the store within a deadline and, when the shared store fails or is
 * late, applies the policy's {@code throttle.store_failure} (DESIGN.md): {@code local} counts in this instance at a
 * fair share of each rate, {@code allow} admits uncounted, {@code deny} refuses. It never emits an error and always
 * emits exactly one decision per key, so no request waits on Redis beyond the deadline or fails because of it.
 */
public final class Throttler {

    private final RateLimiter store;
    private final RateLimiter local;
    private final Duration deadline;
    private final int instances;
    private final long denyWaitMillis;
    private final StoreStatus status;
    private final MeterRegistry meters;
    private final Counter admitted;
    private final Counter throttled;

    /** Without a shared store: {@code local} counts everything and nothing can fail over. */
    public static Throttler inMemory(LocalRateLimiter local, MeterRegistry meters) {
        return new Throttler(local, null, Duration.ZERO, 1, null, meters);
    }

    /**
     * With a shared store: {@code fallback} counts while it fails, at {@code rate / instances} per key.
     * {@code status} also times how long the store is skipped after a failure.
     */
    static Throttler shared(RateLimiter store, LocalRateLimiter fallback, Duration deadline, int instances,
                            StoreStatus status, MeterRegistry meters) {
        return new Throttler(store, fallback, deadline, instances, status, meters);
    }

    private Throttler(RateLimiter store, RateLimiter local, Duration deadline, int instances, StoreStatus status,
                      MeterRegistry meters) {
        this.store = store;
        this.local = local;
        this.deadline = deadline;
        this.instances = Math.max(1, instances);
        this.denyWaitMillis = status == null ? 1000 : Math.max(1000, status.retryMillis());
        this.status = status;
        this.meters = meters;
        this.admitted = meters.counter("portcullis.throttle.requests", "outcome", "admitted");
        this.throttled = meters.counter("portcullis.throttle.requests", "outcome", "throttled");
    }

    /** Counts one request under {@code keys}; see the class contract. */
    public Mono<List<RateDecision>> acquire(List<ThrottleKey> keys, StoreFailure onFailure) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        if (local == null) {
            return store.acquire(keys).doOnNext(this::count);
        }
        if (!status.shouldTry()) {
            return fallBack(keys, onFailure);
        }
        return Mono.defer(() -> store.acquire(keys))
                .timeout(deadline)
                .switchIfEmpty(Mono.error(() -> new TimeoutException("no reply")))
                .doOnNext(decisions -> status.succeeded())
                .onErrorResume(error -> {
                    status.failed(error, name(onFailure));
                    meters.counter("portcullis.throttle.store.failures", "store_failure", name(onFailure)).increment();
                    return fallBack(keys, onFailure);
                })
                .doOnNext(this::count);
    }

    /** Whether the shared store answered the last call (always true in memory). */
    public boolean storeAvailable() {
        return status == null || status.available();
    }

    /** "redis" or "memory", for health. */
    public String storeName() {
        return status == null ? "memory" : "redis";
    }

    StoreStatus status() {
        return status;
    }

    private Mono<List<RateDecision>> fallBack(List<ThrottleKey> keys, StoreFailure onFailure) {
        return switch (onFailure) {
            case LOCAL -> local.acquire(keys.stream().map(key -> key.withRate(share(key.rate()))).toList());
            case ALLOW -> Mono.just(Collections.nCopies(keys.size(), RateDecision.UNMETERED));
            case DENY -> Mono.just(keys.stream()
                    .map(key -> RateDecision.refused(key.rate().count(), denyWaitMillis, denyWaitMillis)).toList());
        };
    }

    /** Each of {@code instances} gateways admits its share, so together they stay near the rate (never above it). */
    private Rate share(Rate rate) {
        return instances == 1 ? rate : new Rate(Math.max(1, rate.count() / instances), rate.period());
    }

    private void count(List<RateDecision> decisions) {
        (RateDecision.of(decisions).allowed() ? admitted : throttled).increment();
    }

    private static String name(StoreFailure failure) {
        return failure.name().toLowerCase(Locale.ROOT);
    }
}
