package io.portcullis.gateway.throttle;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.store.StoreBreaker;
import io.portcullis.gateway.store.StoreBreakerProperties;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.SlidingLogStore;
import io.portcullis.policy.rate.ThrottleKey;
import io.portcullis.policy.token.MovableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlerTest {

    private static final Rate FOUR_PER_MINUTE = new Rate(4, Duration.ofMinutes(1));
    private static final List<ThrottleKey> KEYS = List.of(new ThrottleKey("user", "user:u:1", FOUR_PER_MINUTE));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final RateDecision STORE_SAYS = RateDecision.admitted(4, 3, 60_000);

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StoreBreaker breaker = new StoreBreaker("127.0.0.1:6379",
            CircuitBreakerConfig.from(StoreBreakerProperties.defaults().config()).clock(clock).build(), clock);
    private final ScriptedStore store = new ScriptedStore();
    private final LocalRateLimiter local = new LocalRateLimiter(new SlidingLogStore(100, 1_000), () -> 0L);

    ThrottlerTest() {
        breaker.connectionUp();
    }

    private Throttler throttler(int instances) {
        return Throttler.shared(store, local, breaker, instances, meters);
    }

    private RateDecision acquire(Throttler throttler, StoreFailure onFailure, Duration timeout) {
        return RateDecision.of(throttler.acquire(KEYS, onFailure, timeout).block(Duration.ofSeconds(10)));
    }

    private RateDecision acquire(Throttler throttler, StoreFailure onFailure) {
        return acquire(throttler, onFailure, TIMEOUT);
    }

    /** A store that answers what the test says, and counts its calls. */
    static final class ScriptedStore implements RateLimiter {
        Supplier<Mono<List<RateDecision>>> answer = () -> Mono.just(List.of(STORE_SAYS));
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Mono<List<RateDecision>> acquire(List<ThrottleKey> keys) {
            calls.incrementAndGet();
            return answer.get();
        }
    }


    /** Timed-out calls with no answer for the breaker's unanswered-for bound: a hung Redis opens the breaker. */
    private void openTheBreaker(Throttler throttler) {
        store.answer = Mono::never;
        clock.advance(StoreBreakerProperties.DEFAULT_UNANSWERED_FOR);
        for (int i = 0; i < 5; i++) {
            acquire(throttler, StoreFailure.ALLOW, Duration.ofMillis(1));
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void acquireWhenStoreAnswersThenItsDecisionAndTheStoreIsAvailable() {
        RateDecision decision = acquire(throttler(1), StoreFailure.LOCAL);

        assertThat(decision).isEqualTo(STORE_SAYS);
        assertThat(throttler(1).storeAvailable()).isTrue();
    }

    @Test
    void acquireWhenStoreAnswersSlowlyWithinTheTimeoutThenItsDecisionNotAFallback() {
        store.answer = () -> Mono.delay(Duration.ofMillis(100)).thenReturn(List.of(STORE_SAYS));

        RateDecision decision = acquire(throttler(1), StoreFailure.DENY, Duration.ofSeconds(5));

        assertThat(decision).isEqualTo(STORE_SAYS);
        assertThat(breaker.failedCalls()).isZero();
    }

    @Test
    void acquireWhenConnectionDownAndLocalThenThisInstanceAdmitsItsFairShare() {
        breaker.connectionDown("connection refused");
        Throttler throttler = throttler(2);
        List<Boolean> admitted = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            admitted.add(acquire(throttler, StoreFailure.LOCAL).allowed());
        }

        assertThat(admitted).containsExactly(true, true, false, false);
        assertThat(store.calls).hasValue(0);
    }

    @Test
    void acquireWhenConnectionDownAndAllowThenAdmittedUncounted() {
        breaker.connectionDown("connection refused");

        assertThat(acquire(throttler(1), StoreFailure.ALLOW)).isEqualTo(RateDecision.UNMETERED);
    }

    @Test
    void acquireWhenConnectionDownAndDenyThenRefusedForAsLongAsTheBreakerStaysOpen() {
        breaker.connectionDown("connection refused");

        RateDecision decision = acquire(throttler(1), StoreFailure.DENY);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.waitSeconds()).isEqualTo(1);
    }

    @Test
    void acquireWhenTheCallOutlivesTheTimeoutAndLocalThenRefusedAndNeverCountedLocally() {
        store.answer = Mono::never;

        RateDecision decision = acquire(throttler(1), StoreFailure.LOCAL, Duration.ofMillis(20));

        assertThat(decision.allowed()).isFalse();
        assertThat(local.size()).as("keys counted locally").isZero();
        assertThat(breaker.lastError()).isEqualTo("TimeoutException");
    }

    @Test
    void acquireWhenTheCallOutlivesTheTimeoutAndAllowThenAdmittedUncounted() {
        store.answer = Mono::never;

        assertThat(acquire(throttler(1), StoreFailure.ALLOW, Duration.ofMillis(20))).isEqualTo(RateDecision.UNMETERED);
        assertThat(local.size()).isZero();
    }

    @Test
    void acquireWhenTheCallFailsAfterItWasSentThenItIsInDoubtNotCountedLocally() {
        store.answer = () -> Mono.error(new IOException("connection reset"));

        assertThat(acquire(throttler(1), StoreFailure.LOCAL).allowed()).isFalse();
        assertThat(local.size()).isZero();
    }

    @Test
    void acquireWhenOneCallTimedOutThenTheBreakerStaysClosedAndTheNextIsAskedAgain() {
        Throttler throttler = throttler(1);
        store.answer = Mono::never;
        acquire(throttler, StoreFailure.LOCAL, Duration.ofMillis(1));
        store.answer = () -> Mono.just(List.of(STORE_SAYS));

        RateDecision decision = acquire(throttler, StoreFailure.LOCAL);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(decision).isEqualTo(STORE_SAYS);
    }

    @Test
    void acquireWhenMostRecentCallsFailedThenTheStoreIsNotAskedAndStoreFailureAppliesAtOnce() {
        Throttler throttler = throttler(1);
        openTheBreaker(throttler);
        int asked = store.calls.get();

        RateDecision decision = acquire(throttler, StoreFailure.LOCAL, Duration.ofDays(1));

        assertThat(store.calls).hasValue(asked);
        assertThat(decision.allowed()).as("counted locally: the store never saw it").isTrue();
        assertThat(local.size()).isEqualTo(1);
        assertThat(throttler.storeAvailable()).isFalse();
    }

    @Test
    void acquireWhenTheBreakerWasOpenLongEnoughThenProbesThatSucceedCloseIt() {
        Throttler throttler = throttler(1);
        openTheBreaker(throttler);
        store.answer = () -> Mono.just(List.of(STORE_SAYS));
        clock.advance(breaker.openFor().plusMillis(1));

        List<RateDecision> probes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            probes.add(acquire(throttler, StoreFailure.DENY));
        }

        assertThat(probes).containsOnly(STORE_SAYS);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(throttler.storeAvailable()).isTrue();
    }

    @Test
    void acquireWhenAProbeFailsThenTheBreakerOpensAgain() {
        Throttler throttler = throttler(1);
        openTheBreaker(throttler);
        clock.advance(breaker.openFor().plusMillis(1));

        for (int i = 0; i < 3; i++) {
            acquire(throttler, StoreFailure.DENY, Duration.ofMillis(1));
        }

        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void acquireWhenFallingBackThenTheFallbackIsCountedByModeAndReason() {
        Throttler throttler = throttler(1);
        store.answer = () -> Mono.error(new IOException("connection reset"));
        acquire(throttler, StoreFailure.LOCAL);
        breaker.connectionDown("connection lost");
        acquire(throttler, StoreFailure.LOCAL);

        assertThat(meters.counter("portcullis.throttle.store.failures", "store_failure", "local", "reason", "in_doubt").count())
                .isEqualTo(1);
        assertThat(meters.counter("portcullis.throttle.store.failures", "store_failure", "local", "reason", "unavailable").count())
                .isEqualTo(1);
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
        assertThat(throttler(1).acquire(List.of(), StoreFailure.LOCAL, TIMEOUT).block()).isEmpty();
        assertThat(store.calls).hasValue(0);
    }

    @Test
    void acquireWhenStoreAnswersNothingThenItIsAFailedCall() {
        store.answer = Mono::empty;

        assertThat(acquire(throttler(1), StoreFailure.DENY).allowed()).isFalse();
        assertThat(breaker.failedCalls()).isEqualTo(1);
    }

    @Test
    void acquireWhenStoreThrowsThenTheFailurePolicyApplies() {
        store.answer = () -> {
            throw new IllegalStateException("pool closed");
        };

        assertThat(acquire(throttler(1), StoreFailure.ALLOW)).isEqualTo(RateDecision.UNMETERED);
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
