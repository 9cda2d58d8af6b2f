package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.SlidingLogStore;
import io.portcullis.policy.rate.ThrottleKey;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlerTest {

    private static final Rate FOUR_PER_MINUTE = new Rate(4, Duration.ofMinutes(1));
    private static final List<ThrottleKey> KEYS = List.of(new ThrottleKey("user", "user:u:1", FOUR_PER_MINUTE));
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StoreStatus status = new StoreStatus(RETRY_NANOS, nanos::get, Clock.systemUTC());
    private final ScriptedStore store = new ScriptedStore();
    private final LocalRateLimiter local = new LocalRateLimiter(new SlidingLogStore(100, 1_000), () -> 0L);

    private Throttler throttler(int instances) {
        return Throttler.shared(store, local, Duration.ofMillis(50), instances, status, meters);
    }

    private RateDecision acquire(Throttler throttler, StoreFailure onFailure) {
        return RateDecision.of(throttler.acquire(KEYS, onFailure).block(Duration.ofSeconds(5)));
    }

    /** A store that answers what the test says, and counts its calls. */
    static final class ScriptedStore implements RateLimiter {
        Supplier<Mono<List<RateDecision>>> answer = () -> Mono.just(List.of(RateDecision.admitted(4, 3, 60_000)));
        int calls;

        @Override
        public Mono<List<RateDecision>> acquire(List<ThrottleKey> keys) {
            calls++;
            return answer.get();
        }
    }

    @Test
    void acquireWhenStoreAnswersThenItsDecisionAndTheStoreIsUp() {
        RateDecision decision = acquire(throttler(1), StoreFailure.LOCAL);

        assertThat(decision).isEqualTo(RateDecision.admitted(4, 3, 60_000));
        assertThat(status.available()).isTrue();
    }

    @Test
    void acquireWhenStoreFailsAndLocalThenThisInstanceAdmitsItsFairShare() {
        store.answer = () -> Mono.error(new IOException("connection refused"));
        Throttler throttler = throttler(2);
        List<Boolean> admitted = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            nanos.addAndGet(RETRY_NANOS);
            admitted.add(acquire(throttler, StoreFailure.LOCAL).allowed());
        }

        assertThat(admitted).containsExactly(true, true, false, false);
    }

    @Test
    void acquireWhenStoreFailsAndAllowThenAdmittedUncounted() {
        store.answer = () -> Mono.error(new IOException("connection refused"));

        assertThat(acquire(throttler(1), StoreFailure.ALLOW)).isEqualTo(RateDecision.UNMETERED);
    }

    @Test
    void acquireWhenStoreFailsAndDenyThenRefusedWithAWait() {
        store.answer = () -> Mono.error(new IOException("connection refused"));

        RateDecision decision = acquire(throttler(1), StoreFailure.DENY);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.waitSeconds()).isEqualTo(1);
    }

    @Test
    void acquireWhenStoreNeverAnswersThenTheFailurePolicyAppliesAfterTheDeadline() {
        store.answer = Mono::never;

        assertThat(acquire(throttler(1), StoreFailure.DENY).allowed()).isFalse();
        assertThat(status.available()).isFalse();
        assertThat(status.lastError()).isEqualTo("TimeoutException");
    }

    @Test
    void acquireWhenStoreAnswersNothingThenTheFailurePolicyApplies() {
        store.answer = Mono::empty;

        assertThat(acquire(throttler(1), StoreFailure.DENY).allowed()).isFalse();
    }

    @Test
    void acquireWhenStoreThrowsThenTheFailurePolicyApplies() {
        store.answer = () -> {
            throw new IllegalStateException("pool closed");
        };

        assertThat(acquire(throttler(1), StoreFailure.ALLOW)).isEqualTo(RateDecision.UNMETERED);
    }

    @Test
    void acquireWhenStoreFailedJustNowThenItIsSkippedUntilTheRetryInterval() {
        store.answer = () -> Mono.error(new IOException("connection refused"));
        Throttler throttler = throttler(1);
        acquire(throttler, StoreFailure.ALLOW);

        acquire(throttler, StoreFailure.ALLOW);
        nanos.addAndGet(RETRY_NANOS);
        acquire(throttler, StoreFailure.ALLOW);

        assertThat(store.calls).isEqualTo(2);
    }

    @Test
    void acquireWhenStoreAnswersAgainThenItIsUpAndDecidesAgain() {
        store.answer = () -> Mono.error(new IOException("connection refused"));
        Throttler throttler = throttler(1);
        acquire(throttler, StoreFailure.DENY);
        store.answer = () -> Mono.just(List.of(RateDecision.admitted(4, 1, 30_000)));
        nanos.addAndGet(RETRY_NANOS);

        RateDecision decision = acquire(throttler, StoreFailure.DENY);

        assertThat(decision).isEqualTo(RateDecision.admitted(4, 1, 30_000));
        assertThat(status.available()).isTrue();
        assertThat(status.failures()).isEqualTo(1);
    }

    @Test
    void acquireWhenStoreFailsThenTheFailureIsCountedByMode() {
        store.answer = () -> Mono.error(new IOException("connection refused"));

        acquire(throttler(1), StoreFailure.LOCAL);

        assertThat(meters.counter("portcullis.throttle.store.failures", "store_failure", "local").count()).isEqualTo(1);
    }

    @Test
    void acquireWhenDecidedThenTheOutcomeIsCounted() {
        Throttler throttler = throttler(1);
        acquire(throttler, StoreFailure.LOCAL);
        store.answer = () -> Mono.just(List.of(RateDecision.refused(4, 5_000, 5_000)));

        acquire(throttler, StoreFailure.LOCAL);

        assertThat(meters.counter("portcullis.throttle.requests", "outcome", "admitted").count()).isEqualTo(1);
        assertThat(meters.counter("portcullis.throttle.requests", "outcome", "throttled").count()).isEqualTo(1);
    }

    @Test
    void acquireWhenNoKeysThenNothingIsAsked() {
        assertThat(throttler(1).acquire(List.of(), StoreFailure.LOCAL).block()).isEmpty();
        assertThat(store.calls).isZero();
    }

    @Test
    void acquireWhenInMemoryThenTheLocalLimiterDecidesAtTheFullRate() {
        Throttler inMemory = Throttler.inMemory(local, meters);
        List<Boolean> admitted = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            admitted.add(acquire(inMemory, StoreFailure.DENY).allowed());
        }

        assertThat(admitted).containsExactly(true, true, true, true, false);
        assertThat(inMemory.storeAvailable()).isTrue();
    }
}
