package io.portcullis.policy.token;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CompactJwsProperties {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    @Property(tries = 500)
    void canonicalEncodingsOfAnyBytesAreStrict(@ForAll byte[] header, @ForAll byte[] payload, @ForAll byte[] signature) {
        String token = URL.encodeToString(header) + "." + URL.encodeToString(payload) + "." + URL.encodeToString(signature);

        assertThat(CompactJws.strictlyEncoded(token)).isTrue();
    }

    @Property(tries = 500)
    void paddedEncodingsAreNeverStrict(@ForAll byte[] header, @ForAll byte[] payload, @ForAll byte[] signature) {
        String padded = Base64.getUrlEncoder().encodeToString(signature);

        assertThat(CompactJws.strictlyEncoded(URL.encodeToString(header) + "." + URL.encodeToString(payload) + "." + padded))
                .isEqualTo(!padded.endsWith("="));
    }

    @Property(tries = 1000)
    void onlyTheCanonicalSpellingOfASegmentIsStrict(@ForAll("segmentLike") String segment) {
        boolean strict = CompactJws.strictlyEncoded("e30." + segment + ".e30");
        byte[] decoded = decodeOrNull(segment);

        assertThat(strict).isEqualTo(decoded != null && URL.encodeToString(decoded).equals(segment));
    }

    @Property(tries = 1000)
    void anyStringIsStrictOrNotNeverAnException(@ForAll String text) {
        assertThatCode(() -> CompactJws.strictlyEncoded(text)).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> segmentLike() {
        return Arbitraries.of("A", "B", "Q", "g", "w", "_", "-", "+", "/", "=", " ", "\n", "0", ".")
                .list().ofMaxSize(9).map(parts -> String.join("", parts));
    }

    private static byte[] decodeOrNull(String segment) {
        try {
            return Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
