package io.portcullis.policy.rate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class RateProperties {

    @Property(tries = 500)
    void printThenParseIsIdentity(@ForAll("rates") Rate rate) {
        assertThat(Rate.parse(rate.toString())).contains(rate);
    }

    @Property(tries = 1000)
    void anyStringIsARateOrEmpty(@ForAll("rateLike") String text) {
        assertThatCode(() -> Rate.parse(text)).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void anyUnicodeStringIsARateOrEmpty(@ForAll String text) {
        assertThatCode(() -> Rate.parse(text)).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<Rate> rates() {
        return Combinators.combine(Arbitraries.integers().between(1, 999_999_999),
                        Arbitraries.of(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)))
                .as(Rate::new);
    }

    @Provide
    Arbitrary<String> rateLike() {
        return Arbitraries.of("1", "0", "9", "99999999999", "/", "//", " ", "-", "+", "s", "m", "h", "d", "hour", "min",
                "\u0663", "\uFF11", "\u00b2", "e").list().ofMaxSize(8).map(parts -> String.join("", parts));
    }
}
