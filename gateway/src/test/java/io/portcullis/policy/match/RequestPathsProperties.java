package io.portcullis.policy.match;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsProperties {

    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2[fFeE5]|5[cC]|3[bB])");

    @Property(tries = 1000)
    void normaliseIsIdempotent(@ForAll("rawPaths") String raw) {
        RequestPaths.Result once = RequestPaths.normalize(raw);
        Assume.that(once.ok());

        RequestPaths.Result twice = RequestPaths.normalize(once.path());

        assertThat(twice.ok()).isTrue();
        assertThat(twice.path()).isEqualTo(once.path());
    }

    @Property(tries = 1000)
    void normalisedPathNeverHasDotSegmentsOrEncodedSeparators(@ForAll("rawPaths") String raw) {
        RequestPaths.Result result = RequestPaths.normalize(raw);
        Assume.that(result.ok());

        String path = result.path();
        List<String> segments = Arrays.asList(path.split("/", -1));
        assertThat(path).startsWith("/").doesNotContain("//").doesNotContain("\\").doesNotContain(";");
        assertThat(segments).doesNotContain(".", "..");
        assertThat(ENCODED_SEPARATOR.matcher(path).find()).as("encoded separator in %s", path).isFalse();
    }

    @Property(tries = 1000)
    void normalisedPathKeepsEverySegmentThatIsNotADotSegment(@ForAll("plainPaths") String raw) {
        RequestPaths.Result result = RequestPaths.normalize(raw);

        assertThat(result.path()).isEqualTo(raw.replaceAll("/+", "/"));
    }

    @Property(tries = 1000)
    void anyStringIsNormalisedOrRefused(@ForAll String raw) {
        RequestPaths.Result result = RequestPaths.normalize(raw);

        assertThat(result.path() == null).isNotEqualTo(result.problem() == null);
    }

    @Property(tries = 1000)
    void anyPathOfPiecesIsNormalisedOrRefused(@ForAll("rawPaths") String raw) {
        RequestPaths.Result result = RequestPaths.normalize(raw);

        assertThat(result.path() == null).isNotEqualTo(result.problem() == null);
    }

    @Provide
    Arbitrary<String> rawPaths() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("a", "b", "api", "posts", "1", "", ".", "..", "...", ".a", "a.",
                        "%41", "%20", "%C3%A9", "%3F", "~x", "a-b_c")),
                Tuple.of(1, Arbitraries.of("%2F", "%2f", "%2E", "%2e", "%5C", "%252e", "%25", ";", "%3B",
                        "\\", "%00", "%C3%28", "%zz", "%", " ", "\u00e9", "\t")));
        return segment.list().ofMaxSize(12).map(parts -> "/" + String.join("/", parts));
    }

    @Provide
    Arbitrary<String> plainPaths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcXYZ019-_~!$&'()*+,=:@").ofMinLength(1)
                .ofMaxLength(6).filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMaxSize(8).map(parts -> "/" + String.join("/", parts));
    }
}
