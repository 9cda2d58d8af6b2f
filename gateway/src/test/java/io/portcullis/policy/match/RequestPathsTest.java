package io.portcullis.policy.match;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RequestPathsTest {

    static Stream<Arguments> normalised() {
        return Stream.of(
                arguments("dot segments resolved", "/a/./b/../c", "/a/c"),
                arguments("single dot removed", "/a/./b", "/a/b"),
                arguments("double dot removes the segment before", "/a/b/../c", "/a/c"),
                arguments("double dot at the root stays at the root", "/../../a", "/a"),
                arguments("only double dot", "/..", "/"),
                arguments("trailing double dot leaves a directory", "/a/b/..", "/a/"),
                arguments("trailing single dot leaves a directory", "/a/.", "/a/"),
                arguments("everything removed", "/a/..", "/"),
                arguments("repeated slashes merged", "/a//b///c", "/a/b/c"),
                arguments("leading repeated slashes merged", "//a", "/a"),
                arguments("trailing slash kept", "/api/posts/", "/api/posts/"),
                arguments("repeated trailing slashes merged into one", "/api/posts//", "/api/posts/"),
                arguments("no trailing slash added", "/api/posts", "/api/posts"),
                arguments("root", "/", "/"),
                arguments("only slashes", "///", "/"),
                arguments("dots inside a name kept", "/a/..b/c../.d/e.", "/a/..b/c../.d/e."),
                arguments("three dots are a name", "/a/.../b", "/a/.../b"),
                arguments("percent-encoding kept as sent", "/a/%41%20b", "/a/%41%20b"),
                arguments("valid multi-byte UTF-8 kept", "/caf%C3%A9/%E2%82%AC", "/caf%C3%A9/%E2%82%AC"),
                arguments("encoded question mark is a character", "/a%3Fb", "/a%3Fb"),
                arguments("lower-case hex accepted", "/caf%c3%a9", "/caf%c3%a9"),
                arguments("sub-delimiters allowed", "/a,b/c=d/e+f/@g/~h/!i", "/a,b/c=d/e+f/@g/~h/!i"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("normalised")
    void normalizeWhenAcceptableThenNormalisedPath(String name, String raw, String expected) {
        RequestPaths.Result result = RequestPaths.normalize(raw);

        assertThat(result.problem()).isNull();
        assertThat(result.path()).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("encoded slash", "/a%2Fb", "encoded '/' (%2F)"),
                arguments("encoded slash, lower-case", "/a%2fb", "encoded '/' (%2F)"),
                arguments("encoded backslash", "/a%5Cb", "encoded '\\' (%5C)"),
                arguments("encoded backslash, lower-case", "/a%5cb", "encoded '\\' (%5C)"),
                arguments("encoded dot", "/a/%2E%2E/b", "encoded '.' (%2E)"),
                arguments("encoded dot, lower-case", "/a/%2e/b", "encoded '.' (%2E)"),
                arguments("encoded dot inside a name", "/file%2Etxt", "encoded '.' (%2E)"),
                arguments("double-encoded dot", "/a/%252e%252e/b", "double percent-encoding (%25)"),
                arguments("double-encoded slash", "/a%252Fb", "double percent-encoding (%25)"),
                arguments("encoded percent", "/100%25", "double percent-encoding (%25)"),
                arguments("semicolon parameter", "/a;jsessionid=1/b", "';' path parameters"),
                arguments("semicolon dot-dot bypass", "/a/..;/b", "';' path parameters"),
                arguments("encoded semicolon", "/a%3Bb", "encoded ';' (%3B)"),
                arguments("encoded semicolon, lower-case", "/a%3bb", "encoded ';' (%3B)"),
                arguments("backslash", "/a\\b", "backslash"),
                arguments("backslash dot-dot", "/a/..\\..\\b", "backslash"),
                arguments("encoded NUL", "/a%00b", "encoded control character"),
                arguments("encoded newline", "/a%0Ab", "encoded control character"),
                arguments("encoded unit separator", "/a%1Fb", "encoded control character"),
                arguments("encoded DEL", "/a%7Fb", "encoded control character"),
                arguments("raw NUL", "/a\u0000b", "control, space or non-ASCII"),
                arguments("raw control character", "/a\u0001b", "control, space or non-ASCII"),
                arguments("raw newline", "/a\nb", "control, space or non-ASCII"),
                arguments("raw tab", "/a\tb", "control, space or non-ASCII"),
                arguments("raw DEL", "/a\u007Fb", "control, space or non-ASCII"),
                arguments("raw space", "/a b", "control, space or non-ASCII"),
                arguments("raw non-ASCII", "/caf\u00e9", "control, space or non-ASCII"),
                arguments("invalid UTF-8", "/a%C3%28", "invalid UTF-8"),
                arguments("lone continuation byte", "/a%80", "invalid UTF-8"),
                arguments("overlong dot", "/a/%C0%AE%C0%AE/b", "invalid UTF-8"),
                arguments("encoded surrogate", "/a%ED%A0%80", "invalid UTF-8"),
                arguments("truncated sequence", "/a%E2%82", "invalid UTF-8"),
                arguments("byte FF", "/a%FF", "invalid UTF-8"),
                arguments("relative", "a/b", "must start with '/'"),
                arguments("empty", "", "must start with '/'"),
                arguments("asterisk form", "*", "must start with '/'"),
                arguments("absolute form", "http://evil/a", "must start with '/'"),
                arguments("malformed percent", "/a%zz", "malformed percent-encoding"),
                arguments("half a percent escape", "/a%4", "malformed percent-encoding"),
                arguments("lone percent", "/a%", "malformed percent-encoding"),
                arguments("percent with one hex digit", "/a%G1", "malformed percent-encoding"),
                arguments("too long", "/" + "a".repeat(8192), "path too long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void normalizeWhenAmbiguousThenRefused(String name, String raw, String problem) {
        RequestPaths.Result result = RequestPaths.normalize(raw);

        assertThat(result.ok()).isFalse();
        assertThat(result.path()).isNull();
        assertThat(result.problem()).contains(problem);
    }

    @Test
    void normalizeWhenNullThenRefused() {
        assertThat(RequestPaths.normalize(null).ok()).isFalse();
    }

    @Test
    void normalizeWhenExactlyAtLengthLimitThenAccepted() {
        assertThat(RequestPaths.normalize("/" + "a".repeat(8191)).ok()).isTrue();
    }
}
