package io.portcullis.gateway.throttle;

import io.portcullis.policy.rate.SlidingLogStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the in-process limiter, plus what is its own: the key space stays bounded. */
class LocalRateLimiterTest extends RateLimiterContractTest {

    private final LocalRateLimiter limiter = new LocalRateLimiter(new SlidingLogStore(10_000, 1_000_000), now::get);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Test
    void acquireWhenAMillionClientsRotateThenKeysStayWithinTheBound() {
        for (int i = 0; i < 1_000_000; i++) {
            limiter.acquire("anon:ip:" + i, FIVE_PER_MINUTE).block();
        }

        assertThat(limiter.size()).isEqualTo(10_000);
    }
}
