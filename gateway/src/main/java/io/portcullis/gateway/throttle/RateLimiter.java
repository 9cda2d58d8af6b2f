package io.portcullis.gateway.throttle;

import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.ThrottleKey;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Counts requests against rates with DRF's sliding semantics: at most {@code rate.count()} admitted per key in any
 * window of {@code rate.period()}.
 */
public interface RateLimiter {

    /**
     * Records one request under every key if each admits it, else under none (a refused request consumes nothing).
     * Emits one decision per key, in order; an empty list emits an empty list. Emits an error only when the store
     * cannot answer; the caller applies {@code store_failure}. Never blocks the calling thread.
     */
    Mono<List<RateDecision>> acquire(List<ThrottleKey> keys);

    /** {@link #acquire(List)} for one key. */
    default Mono<RateDecision> acquire(String key, Rate rate) {
        return acquire(List.of(new ThrottleKey("key", key, rate))).map(decisions -> decisions.get(0));
    }
}
