package io.portcullis.gateway.issuers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshWaitsTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void afterSuccessThenTheRefreshInterval() {
        assertThat(new RefreshWaits(FIVE_MINUTES, TEN_SECONDS).afterSuccess()).isEqualTo(FIVE_MINUTES);
    }

    @Test
    void afterFailuresWithKeysThenDoublingUpToTheRefreshInterval() {
        RefreshWaits waits = new RefreshWaits(FIVE_MINUTES, TEN_SECONDS);

        assertThat(Stream.generate(() -> waits.afterFailure(true)).limit(7).map(Duration::toSeconds))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);
    }

    @Test
    void afterFailuresWithoutKeysThenDoublingUpTo30Seconds() {
        RefreshWaits waits = new RefreshWaits(FIVE_MINUTES, TEN_SECONDS);

        assertThat(Stream.generate(() -> waits.afterFailure(false)).limit(4).map(Duration::toSeconds))
                .containsExactly(10L, 20L, 30L, 30L);
    }

    @Test
    void afterFailuresWhenRefreshIsShorterThanTheFirstRetryThenTheRefreshInterval() {
        assertThat(new RefreshWaits(Duration.ofSeconds(3), TEN_SECONDS).afterFailure(false)).hasSeconds(3);
    }

    @Test
    void afterSuccessThenFailuresStartAgainFromTheFirstRetry() {
        RefreshWaits waits = new RefreshWaits(FIVE_MINUTES, TEN_SECONDS);
        waits.afterFailure(true);
        waits.afterFailure(true);

        waits.afterSuccess();

        assertThat(waits.afterFailure(true)).isEqualTo(TEN_SECONDS);
    }

    @Test
    void afterManyFailuresThenNoOverflow() {
        RefreshWaits waits = new RefreshWaits(Duration.ofDays(365), TEN_SECONDS);

        Stream.generate(() -> waits.afterFailure(true)).limit(100).forEach(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofDays(365)));
    }
}
