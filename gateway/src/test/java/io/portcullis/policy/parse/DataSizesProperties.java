package io.portcullis.policy.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class DataSizesProperties {

    @Property(tries = 500)
    void kibibytesAreReadBack(@ForAll @IntRange(min = 0, max = 999_999_999) int kib) {
        assertThat(DataSizes.parse(kib + "KiB")).contains(kib * 1024L);
    }

    @Property(tries = 1000)
    void anyStringIsASizeOrEmpty(@ForAll("sizeLike") String text) {
        assertThatCode(() -> DataSizes.parse(text)).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void anyUnicodeStringIsASizeOrEmpty(@ForAll String text) {
        assertThatCode(() -> DataSizes.parse(text)).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> sizeLike() {
        return Arbitraries.of("1", "0", "9", "99999", "B", "K", "Ki", "M", "Mi", "G", "iB", "-", " ", "\u0663", ".")
                .list().ofMaxSize(12).map(parts -> String.join("", parts));
    }
}
