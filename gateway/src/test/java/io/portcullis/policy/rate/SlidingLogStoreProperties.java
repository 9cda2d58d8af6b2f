package io.portcullis.policy.rate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingLogStoreProperties {

    private static final long PERIOD = 60_000;

    @Property(tries = 500)
    void neverAdmitsMoreThanNInAnyWindowOfThePeriod(@ForAll("gaps") List<Long> gaps, @ForAll @IntRange(min = 1, max = 8) int count) {
        List<Long> admitted = run(gaps, count);

        for (int i = 0; i + count < admitted.size(); i++) {
            assertThat(admitted.get(i + count) - admitted.get(i)).isGreaterThanOrEqualTo(PERIOD);
        }
    }

    @Property(tries = 500)
    void admitsExactlyWhatDrfsHistoryAdmits(@ForAll("gaps") List<Long> gaps, @ForAll @IntRange(min = 1, max = 8) int count) {
        assertThat(run(gaps, count)).isEqualTo(drf(gaps, count));
    }

    @Provide
    Arbitrary<List<Long>> gaps() {
        return Arbitraries.longs().between(0, 30_000).list().ofMaxSize(60);
    }

    private static List<Long> run(List<Long> gaps, int count) {
        SlidingLogStore store = new SlidingLogStore(10, 1_000);
        ThrottleKey key = new ThrottleKey("s", "k", new Rate(count, Duration.ofMillis(PERIOD)));
        List<Long> admitted = new ArrayList<>();
        long now = 0;
        for (long gap : gaps) {
            now += gap;
            if (store.acquire(List.of(key), now).get(0).allowed()) {
                admitted.add(now);
            }
        }
        return admitted;
    }

    private static List<Long> drf(List<Long> gaps, int count) {
        DrfHistory history = new DrfHistory(count, PERIOD);
        List<Long> admitted = new ArrayList<>();
        long now = 0;
        for (long gap : gaps) {
            now += gap;
            if (history.allow(now)) {
                admitted.add(now);
            }
        }
        return admitted;
    }
}
