package io.portcullis.policy.match;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@link RequestPaths#pathOfTarget}: the raw path of a request-target as sent on the wire (RFC 9112 section 3.2). */
class RequestTargetTest {

    static Stream<Arguments> targets() {
        return Stream.of(
                arguments("origin-form", "/a/b", "/a/b"),
                arguments("origin-form with a query", "/a/b?x=/../c", "/a/b"),
                arguments("origin-form keeps dot segments for normalisation", "/a/../b?q", "/a/../b"),
                arguments("origin-form keeps a fragment so it is refused", "/a#/../b", "/a#/../b"),
                arguments("absolute-form", "http://host:8080/a/b?q", "/a/b"),
                arguments("absolute-form, https, upper-case scheme", "HTTPS://host/a", "/a"),
                arguments("absolute-form without a path", "http://host", "/"),
                arguments("absolute-form with only a query", "http://host?q", "/"),
                arguments("relative path", "admin/x", null),
                arguments("asterisk-form", "*", null),
                arguments("authority-form", "host:443", null),
                arguments("empty", "", null),
                arguments("other scheme", "ftp://host/a", null));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("targets")
    void pathOfTargetWhenFormGivenThenRawPathOrNull(String name, String target, String expected) {
        assertThat(RequestPaths.pathOfTarget(target)).isEqualTo(expected);
    }

    @Test
    void normalizeWhenPathHasAFragmentThenRefused() {
        assertThat(RequestPaths.normalize("/public/x#/../../admin").problem()).isEqualTo("'#' in request target");
    }
}
