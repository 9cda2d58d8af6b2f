package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.store.StoreBreaker;
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
 * The one way the gateway counts requests. With a shared store, every request is counted there, and waited for up to
 * {@code throttle.store_timeout}: a slow reply is an exact reply. {@code throttle.store_failure} applies only while the
 * store's breaker is open (most recent calls failed, or the connection is down), and then at once, without waiting:
 * {@code local} counts in this instance at a fair share of each rate, {@code allow} admits uncounted, {@code deny}
 * refuses. Never emits an error, and always emits exactly one decision per key.
 *
 * <p>A call that fails after it was sent (it outlived {@code store_timeout}, or the connection dropped under it) is in
 * doubt: its script may have run and counted the request in Redis. Counting it locally too would count it twice, and
 * admitting it on a guess could exceed the shared limit, so it is refused as under {@code deny}; only
 * {@code store_failure: allow} admits it, uncounted, as it admits everything Redis cannot decide.
 */
public final class Throttler {

    private final RateLimiter store;
    private final RateLimiter local;
    private final StoreBreaker breaker;
    private final int instances;
    private final MeterRegistry meters;
    private final Counter admitted;
    private final Counter throttled;

    /** Without a shared store: {@code local} counts everything and nothing can fail over. */
    public static Throttler inMemory(LocalRateLimiter local, MeterRegistry meters) {
        return new Throttler(local, null, null, 1, meters);
    }

    /**
     * With a shared store asked through {@code breaker}: {@code fallback} counts while the breaker is open, at
     * {@code rate / instances} per key.
     */
    static Throttler shared(RateLimiter store, LocalRateLimiter fallback, StoreBreaker breaker, int instances,
                            MeterRegistry meters) {
        return new Throttler(store, fallback, breaker, instances, meters);
    }

    private Throttler(RateLimiter store, RateLimiter local, StoreBreaker breaker, int instances, MeterRegistry meters) {
        this.store = store;
        this.local = local;
        this.breaker = breaker;
        this.instances = Math.max(1, instances);
        this.meters = meters;
        this.admitted = meters.counter("portcullis.throttle.requests", "outcome", "admitted");
        this.throttled = meters.counter("portcullis.throttle.requests", "outcome", "throttled");
    }

    /** Counts one request under {@code keys}, waiting for the shared store up to {@code timeout}; see the class. */
    public Mono<List<RateDecision>> acquire(List<ThrottleKey> keys, StoreFailure onFailure, Duration timeout) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        if (breaker == null) {
            return store.acquire(keys).doOnNext(this::count);
        }
        Mono<List<RateDecision>> call = Mono.defer(() -> store.acquire(keys))
                .switchIfEmpty(Mono.error(() -> new TimeoutException("no reply")));
        return breaker.call(call, timeout)
                .onErrorResume(error -> StoreBreaker.notSent(error) ? unavailable(keys, onFailure) : inDoubt(keys, onFailure))
                .doOnNext(this::count);
    }

    /** Whether the shared store's breaker is closed (always true in memory). */
    public boolean storeAvailable() {
        return breaker == null || breaker.available();
    }

    /** The shared store's breaker; null in memory. */
    public StoreBreaker breaker() {
        return breaker;
    }

    /** Nothing was sent: {@code store_failure} as written. */
    private Mono<List<RateDecision>> unavailable(List<ThrottleKey> keys, StoreFailure onFailure) {
        fellBack(onFailure, "unavailable");
        return switch (onFailure) {
            case LOCAL -> local.acquire(keys.stream().map(key -> key.withRate(share(key.rate()))).toList());
            case ALLOW -> admitUncounted(keys);
            case DENY -> refuse(keys);
        };
    }

    /** Sent, maybe counted by Redis: never counted here, never admitted on a guess (see the class). */
    private Mono<List<RateDecision>> inDoubt(List<ThrottleKey> keys, StoreFailure onFailure) {
        fellBack(onFailure, "in_doubt");
        return onFailure == StoreFailure.ALLOW ? admitUncounted(keys) : refuse(keys);
    }

    private static Mono<List<RateDecision>> admitUncounted(List<ThrottleKey> keys) {
        return Mono.just(Collections.nCopies(keys.size(), RateDecision.UNMETERED));
    }

    /** Refused for as long as the breaker stays open (at least a second: Retry-After counts whole seconds). */
    private Mono<List<RateDecision>> refuse(List<ThrottleKey> keys) {
        long wait = Math.max(1000, breaker.openFor().toMillis());
        return Mono.just(keys.stream().map(key -> RateDecision.refused(key.rate().count(), wait, wait)).toList());
    }

    private void fellBack(StoreFailure onFailure, String reason) {
        meters.counter("portcullis.throttle.store.failures", "store_failure", onFailure.name().toLowerCase(Locale.ROOT),
                "reason", reason).increment();
    }

    /** Each of {@code instances} gateways admits its share, so together they stay near the rate (never above it). */
    private Rate share(Rate rate) {
        return instances == 1 ? rate : new Rate(Math.max(1, rate.count() / instances), rate.period());
    }

    private void count(List<RateDecision> decisions) {
        (RateDecision.of(decisions).allowed() ? admitted : throttled).increment();
    }
}
