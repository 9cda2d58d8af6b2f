package io.portcullis.policy.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class DurationsProperties {

    @Property(tries = 500)
    void secondsAreReadBack(@ForAll @IntRange(min = 0, max = 999_999_999) int seconds) {
        assertThat(Durations.parse(seconds + "s")).contains(Duration.ofSeconds(seconds));
    }

    @Property(tries = 1000)
    void anyStringIsADurationOrEmpty(@ForAll("durationLike") String text) {
        assertThatCode(() -> Durations.parse(text)).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void anyUnicodeStringIsADurationOrEmpty(@ForAll String text) {
        assertThatCode(() -> Durations.parse(text)).doesNotThrowAnyException();
    }

    @Property(tries = 1000)
    void anyStringIsADurationWithMillisOrEmpty(@ForAll("durationLike") String text) {
        assertThatCode(() -> Durations.parseWithMillis(text)).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void millisecondsAreReadBack(@ForAll @IntRange(min = 0, max = 99_999_999) int millis) {
        assertThat(Durations.parseWithMillis(millis + "ms")).contains(Duration.ofMillis(millis));
    }

    @Provide
    Arbitrary<String> durationLike() {
        return Arbitraries.of("1", "0", "9", "99999", "s", "m", "ms", "h", "d", "-", " ", "\u0663", ".")
                .list().ofMaxSize(12).map(parts -> String.join("", parts));
    }
}
