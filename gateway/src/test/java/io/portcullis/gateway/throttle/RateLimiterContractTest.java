package io.portcullis.gateway.throttle;

import io.portcullis.policy.rate.DrfHistory;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.ThrottleKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DRF's sliding semantics, written once and run against every {@link RateLimiter} (STYLE.md "Contract suites"). Time
 * is the test's {@link #now}, in milliseconds, so timelines replay exactly.
 */
abstract class RateLimiterContractTest {

    static final Rate FIVE_PER_MINUTE = new Rate(5, Duration.ofMinutes(1));
    static final long T0 = 1_700_000_000_000L;

    /** The clock the limiter under test must read. */
    protected final AtomicLong now = new AtomicLong(T0);
    private final ExecutorService pool = Executors.newFixedThreadPool(50);

    /** A limiter that reads {@link #now}. */
    protected abstract RateLimiter limiter();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A key no other test uses. */
    protected static String freshKey() {
        return "contract:" + UUID.randomUUID();
    }

    private RateDecision acquireAt(long secondsAfterStart, String key, Rate rate) {
        now.set(T0 + secondsAfterStart * 1000);
        return acquire(key, rate);
    }

    private RateDecision acquire(String key, Rate rate) {
        return limiter().acquire(key, rate).block(Duration.ofSeconds(5));
    }

    private List<RateDecision> acquire(List<ThrottleKey> keys) {
        return limiter().acquire(keys).block(Duration.ofSeconds(5));
    }

    @Test
    void acquireWhenBurstOfNPlusKThenExactlyNAdmitted() {
        String key = freshKey();
        List<Boolean> admitted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            admitted.add(acquire(key, FIVE_PER_MINUTE).allowed());
        }

        assertThat(admitted).containsExactly(true, true, true, true, true, false, false, false);
    }

    @Test
    void acquireWhenFiveSpreadOverFortyEightSecondsThenSixthAtFiftyEightRefused() {
        String key = freshKey();
        for (long t : new long[]{0, 12, 24, 36, 48}) {
            assertThat(acquireAt(t, key, FIVE_PER_MINUTE).allowed()).isTrue();
        }

        RateDecision sixth = acquireAt(58, key, FIVE_PER_MINUTE);

        assertThat(sixth.allowed()).isFalse();
        assertThat(sixth.waitSeconds()).isEqualTo(2);
    }

    @Test
    void acquireWhenOldestLeavesTheWindowThenAdmittedAgain() {
        String key = freshKey();
        for (long t : new long[]{0, 12, 24, 36, 48}) {
            acquireAt(t, key, FIVE_PER_MINUTE);
        }
        now.set(T0 + 59_999);
        assertThat(acquire(key, FIVE_PER_MINUTE).allowed()).isFalse();

        RateDecision atSixty = acquireAt(60, key, FIVE_PER_MINUTE);

        assertThat(atSixty.allowed()).isTrue();
        assertThat(atSixty.remaining()).isZero();
        assertThat(atSixty.resetSeconds()).isEqualTo(12);
    }

    @Test
    void acquireWhenRefusedThenWaitIsExactlyUntilTheOldestLeaves() {
        String key = freshKey();
        for (int i = 0; i < 5; i++) {
            acquireAt(10, key, FIVE_PER_MINUTE);
        }

        RateDecision refused = acquireAt(30, key, FIVE_PER_MINUTE);

        assertThat(refused.waitSeconds()).isEqualTo(40);
        assertThat(refused.resetSeconds()).isEqualTo(40);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.limit()).isEqualTo(5);
    }

    @Test
    void acquireWhenWaitHasAFractionThenItIsRoundedUp() {
        String key = freshKey();
        for (int i = 0; i < 5; i++) {
            acquireAt(0, key, FIVE_PER_MINUTE);
        }
        now.set(T0 + 58_500);

        assertThat(acquire(key, FIVE_PER_MINUTE).waitSeconds()).isEqualTo(2);
    }

    @Test
    void acquireWhenRetriedAtTheAnnouncedWaitThenAdmitted() {
        String key = freshKey();
        for (int i = 0; i < 5; i++) {
            acquireAt(7, key, FIVE_PER_MINUTE);
        }
        RateDecision refused = acquireAt(20, key, FIVE_PER_MINUTE);

        RateDecision retry = acquireAt(20 + refused.waitSeconds(), key, FIVE_PER_MINUTE);

        assertThat(retry.allowed()).isTrue();
    }

    @Test
    void acquireWhenRefusedThenTheRefusalIsNotCounted() {
        String key = freshKey();
        for (int i = 0; i < 5; i++) {
            acquireAt(0, key, FIVE_PER_MINUTE);
        }
        for (long t = 1; t < 60; t += 5) {
            acquireAt(t, key, FIVE_PER_MINUTE);
        }

        assertThat(acquireAt(60, key, FIVE_PER_MINUTE).allowed()).isTrue();
    }

    @Test
    void acquireWhenAdmittedThenRemainingCountsDownAndResetIsWhenTheOldestLeaves() {
        String key = freshKey();
        acquireAt(0, key, FIVE_PER_MINUTE);

        RateDecision second = acquireAt(15, key, FIVE_PER_MINUTE);

        assertThat(second).isEqualTo(new RateDecision(true, 5, 3, 45, 0));
    }

    @Test
    void acquireWhenFiftyConcurrentForOneKeyThenExactlyNAdmitted() throws Exception {
        String key = freshKey();
        Rate tenPerMinute = new Rate(10, Duration.ofMinutes(1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RateDecision>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return acquire(key, tenPerMinute);
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<RateDecision> result : results) {
            admitted += result.get().allowed() ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(10);
    }

    @Test
    void acquireWhenKeysDifferThenTheyAreCountedApart() {
        String first = freshKey();
        for (int i = 0; i < 5; i++) {
            acquire(first, FIVE_PER_MINUTE);
        }

        assertThat(acquire(freshKey(), FIVE_PER_MINUTE).allowed()).isTrue();
    }

    @Test
    void acquireWhenOneKeyRefusesThenNoKeyIsCharged() {
        String subject = freshKey();
        ThrottleKey tight = new ThrottleKey("burst", subject, "burst:" + subject, new Rate(1, Duration.ofMinutes(1)));
        ThrottleKey loose = new ThrottleKey("user", subject, "user:" + subject, FIVE_PER_MINUTE);
        acquire(List.of(tight, loose));

        List<RateDecision> refused = acquire(List.of(tight, loose));

        assertThat(refused.get(0).allowed()).isFalse();
        assertThat(refused.get(1)).isEqualTo(new RateDecision(true, 5, 4, 60, 0));
    }

    @Test
    void acquireWhenSeveralKeysAdmitThenEachIsCharged() {
        String subject = freshKey();
        ThrottleKey first = new ThrottleKey("anon", subject, "anon:" + subject, FIVE_PER_MINUTE);
        ThrottleKey second = new ThrottleKey("user", subject, "user:" + subject, new Rate(3, Duration.ofMinutes(1)));

        List<RateDecision> decisions = acquire(List.of(first, second));

        assertThat(decisions).extracting(RateDecision::remaining).containsExactly(4, 2);
    }

    @Test
    void acquireWhenRateIsLoweredThenTheNewRateApplies() {
        String key = freshKey();
        for (int i = 0; i < 5; i++) {
            acquireAt(0, key, FIVE_PER_MINUTE);
        }

        RateDecision lowered = acquireAt(30, key, new Rate(2, Duration.ofMinutes(1)));

        assertThat(lowered.allowed()).isFalse();
        assertThat(lowered.waitSeconds()).isEqualTo(30);
    }

    @Test
    void acquireWhenALongIrregularTimelineThenAdmitsExactlyWhatDrfsHistoryAdmits() {
        String key = freshKey();
        Random random = new Random(42);
        DrfHistory drf = new DrfHistory(5, 60_000);
        List<Boolean> expected = new ArrayList<>();
        List<Boolean> actual = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            now.addAndGet(random.nextInt(25_000));
            expected.add(drf.allow(now.get()));
            actual.add(acquire(key, FIVE_PER_MINUTE).allowed());
        }

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void acquireWhenNoKeysThenNoDecisions() {
        assertThat(acquire(List.of())).isEmpty();
    }
}
