package io.portcullis.policy.parse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DurationsTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("30s", Duration.ofSeconds(30)),
                arguments("15m", Duration.ofMinutes(15)),
                arguments("1h", Duration.ofHours(1)),
                arguments("7d", Duration.ofDays(7)),
                arguments("0s", Duration.ZERO),
                arguments("90m", Duration.ofMinutes(90)),
                arguments("015m", Duration.ofMinutes(15)),
                arguments("999999999d", Duration.ofDays(999_999_999)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenNumberAndUnitThenDuration(String text, Duration expected) {
        assertThat(Durations.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "s", "15", "m15", "15 m", " 15m", "15m ", "-5m", "+5m", "1.5h", "15M", "15S", "1w",
            "1y", "15ms", "PT15M", "1h30m", "9999999999d", "\u0661\u0665m", "15\u043c"})
    void parseWhenMalformedThenEmpty(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withMillis")
    void parseWithMillisWhenMillisecondsOrAnotherUnitThenDuration(String text, Duration expected) {
        assertThat(Durations.parseWithMillis(text)).contains(expected);
    }

    static Stream<Arguments> withMillis() {
        return Stream.of(
                arguments("500ms", Duration.ofMillis(500)),
                arguments("1ms", Duration.ofMillis(1)),
                arguments("0ms", Duration.ZERO),
                arguments("2s", Duration.ofSeconds(2)),
                arguments("1m", Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"ms", "m", "500 ms", "500mss", "500sm", "-5ms", "1.5ms", "500MS", "500us", "ms500"})
    void parseWithMillisWhenMalformedThenEmpty(String text) {
        assertThat(Durations.parseWithMillis(text)).isEmpty();
    }
}
