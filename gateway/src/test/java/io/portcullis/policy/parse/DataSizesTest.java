package io.portcullis.policy.parse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DataSizesTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("0", 0L),
                arguments("0B", 0L),
                arguments("512B", 512L),
                arguments("512KiB", 512L * 1024),
                arguments("1MiB", 1024L * 1024),
                arguments("64MiB", 64L * 1024 * 1024),
                arguments("2GiB", 2L * 1024 * 1024 * 1024),
                arguments("01KiB", 1024L),
                arguments("999999999GiB", 999_999_999L << 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenZeroOrNumberAndUnitThenBytes(String text, long expected) {
        assertThat(DataSizes.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "1", "1024", "B", "MiB", "1 MiB", " 1MiB", "1MiB ", "-1MiB", "+1MiB", "1.5MiB", "1MB",
            "1KB", "1mib", "1MIB", "1kib", "1TiB", "1M", "1k", "1000000000GiB", "\u0661MiB", "00"})
    void parseWhenMalformedThenEmpty(String text) {
        assertThat(DataSizes.parse(text)).isEmpty();
    }
}
