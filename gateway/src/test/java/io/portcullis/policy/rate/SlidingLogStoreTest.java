package io.portcullis.policy.rate;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingLogStoreTest {

    private static final Rate FIVE_PER_MINUTE = new Rate(5, Duration.ofMinutes(1));

    private static ThrottleKey key(String name) {
        return new ThrottleKey("anon", name, FIVE_PER_MINUTE);
    }

    private static RateDecision acquire(SlidingLogStore store, String name, long now) {
        return store.acquire(List.of(key(name)), now).get(0);
    }

    @Test
    void acquireWhenAMillionDistinctKeysThenKeysAndSlotsStayWithinTheBounds() {
        SlidingLogStore store = new SlidingLogStore(50_000, 120_000);

        for (int i = 0; i < 1_000_000; i++) {
            acquire(store, "anon:ip:" + i, i);
        }

        assertThat(store.size()).isLessThanOrEqualTo(50_000);
        assertThat(store.slots()).isLessThanOrEqualTo(120_000);
    }

    @Test
    void acquireWhenKeySpaceIsFullThenTheLeastRecentlyUsedKeyIsForgotten() {
        SlidingLogStore store = new SlidingLogStore(3, 1_000);
        for (int i = 0; i < 5; i++) {
            acquire(store, "hot", 0);
        }
        for (int i = 0; i < 10; i++) {
            acquire(store, "cold" + i, 1);
            assertThat(acquire(store, "hot", 2).allowed()).isFalse();
        }

        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void acquireWhenSlotsAreFullThenOldKeysAreForgottenFirst() {
        SlidingLogStore store = new SlidingLogStore(1_000, 8);
        for (int i = 0; i < 5; i++) {
            acquire(store, "first", 0);
        }

        acquire(store, "second", 1);
        acquire(store, "third", 1);

        assertThat(store.slots()).isLessThanOrEqualTo(8);
        assertThat(acquire(store, "first", 2).remaining()).isEqualTo(4);
    }

    @Test
    void acquireWhenAnotherKeyRefusesThenAnUnseenKeyIsNotStored() {
        SlidingLogStore store = new SlidingLogStore(1_000, 1_000);
        ThrottleKey full = new ThrottleKey("burst", "full", new Rate(1, Duration.ofMinutes(1)));
        store.acquire(List.of(full), 0);

        store.acquire(List.of(full, key("unseen")), 1);

        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void acquireWhenHistoryGrowsAndShrinksThenSlotsFollow() {
        SlidingLogStore store = new SlidingLogStore(10, 10_000);
        Rate many = new Rate(1_000, Duration.ofSeconds(1));
        for (int i = 0; i < 1_000; i++) {
            store.acquire(List.of(new ThrottleKey("s", "k", many)), i / 10);
        }
        long grown = store.slots();

        store.acquire(List.of(new ThrottleKey("s", "k", many)), 1_095);

        assertThat(grown).isGreaterThanOrEqualTo(1_000);
        assertThat(store.slots()).isLessThan(grown);
    }
}
