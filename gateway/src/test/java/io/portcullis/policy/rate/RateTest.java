package io.portcullis.policy.rate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RateTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("100/hour", 100, Duration.ofHours(1)),
                arguments("1000/hour", 1000, Duration.ofHours(1)),
                arguments("5/min", 5, Duration.ofMinutes(1)),
                arguments("5/minute", 5, Duration.ofMinutes(1)),
                arguments("5/minutes", 5, Duration.ofMinutes(1)),
                arguments("5/m", 5, Duration.ofMinutes(1)),
                arguments("10/s", 10, Duration.ofSeconds(1)),
                arguments("10/sec", 10, Duration.ofSeconds(1)),
                arguments("10/second", 10, Duration.ofSeconds(1)),
                arguments("10/seconds", 10, Duration.ofSeconds(1)),
                arguments("3/h", 3, Duration.ofHours(1)),
                arguments("3/hours", 3, Duration.ofHours(1)),
                arguments("1/d", 1, Duration.ofDays(1)),
                arguments("1/day", 1, Duration.ofDays(1)),
                arguments("2/days", 2, Duration.ofDays(1)),
                arguments("1/second", 1, Duration.ofSeconds(1)),
                arguments("999999999/day", 999_999_999, Duration.ofDays(1)),
                arguments("007/hour", 7, Duration.ofHours(1)),
                arguments(" 100 / hour ", 100, Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenNumberSlashPeriodThenRate(String text, int count, Duration period) {
        assertThat(Rate.parse(text)).contains(new Rate(count, period));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "100", "/hour", "100/", "0/hour", "-1/hour", "+1/hour", "1.5/hour", "ten/hour",
            "100/hr", "100/week", "100/Hour", "100/HOUR", "100/h/2", "100//hour", "1000000000/day", "99999999999/s",
            "100 hour", "100/ho ur", "1e3/hour"})
    void parseWhenMalformedThenEmpty(String text) {
        assertThat(Rate.parse(text)).isEmpty();
    }

    static Stream<Arguments> printed() {
        return Stream.of(
                arguments(new Rate(100, Duration.ofHours(1)), "100/hour"),
                arguments(new Rate(5, Duration.ofMinutes(1)), "5/minute"),
                arguments(new Rate(10, Duration.ofSeconds(1)), "10/second"),
                arguments(new Rate(1, Duration.ofDays(1)), "1/day"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("printed")
    void toStringWhenRateThenCanonicalSpelling(Rate rate, String text) {
        assertThat(rate).hasToString(text);
    }

    @Test
    void constructWhenCountZeroThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Rate(0, Duration.ofHours(1)));
    }
}
