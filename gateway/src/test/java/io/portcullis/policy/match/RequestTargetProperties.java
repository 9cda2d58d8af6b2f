package io.portcullis.policy.match;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RequestPaths#pathOfTarget} on anything a client can put in a request line. */
class RequestTargetProperties {

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> pieces = Arbitraries.of("/", "//", "..", ".", "%2e", "%2F", "?", "#", ";", "\\", "http://",
                "HTTPS://", "host", ":80", "a", "*", "@", " ", "\u0000");
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }

    @Property(tries = 1000)
    void pathOfAnyTargetIsNullOrStartsWithASlashAndHasNoQuery(@ForAll("targets") String target) {
        String path = RequestPaths.pathOfTarget(target);

        assertThat(path == null || (path.startsWith("/") && !path.contains("?"))).as(path).isTrue();
    }

    @Property(tries = 1000)
    void anyTargetIsRoutedToANormalisedPathOrRefused(@ForAll("targets") String target) {
        String path = RequestPaths.pathOfTarget(target);
        RequestPaths.Result result = RequestPaths.normalize(path);

        assertThat(result.ok() ? result.path().startsWith("/") && !result.path().contains("#") : result.problem() != null)
                .isTrue();
    }

    @Property(tries = 300)
    void anyUnicodeStringIsAPathOrNull(@ForAll String target) {
        String path = RequestPaths.pathOfTarget(target);

        assertThat(path == null || path.startsWith("/")).isTrue();
    }
}
