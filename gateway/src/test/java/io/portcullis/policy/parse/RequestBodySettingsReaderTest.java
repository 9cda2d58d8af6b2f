package io.portcullis.policy.parse;

import io.portcullis.policy.model.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clients.request_buffer}, {@code clients.body_timeout} and a route's own {@code request_buffer} (DESIGN.md
 * "Slow or stalled request bodies never reach the upstream"): defaults, the route's value over the gateway's, and
 * every bad value reported at its position.
 */
class RequestBodySettingsReaderTest {

    private static final String POLICY = """
            version: 1
            clients:
            %s
            routes:
              - id: uploads
                path: /uploads/**
                upstream: http://legacy:8080
            %s  - id: api
                path: /api/**
                upstream: http://legacy:8080
            """;

    private static Optional<Policy> read(String clients, String uploads, List<Problem> problems) {
        return PolicyReader.read("policy.yaml", POLICY.formatted(clients, uploads), problems);
    }

    @Test
    void readWhenNothingWrittenThenOneMebibyteAndTenSeconds() {
        List<Problem> problems = new ArrayList<>();

        Policy policy = read("  num_proxies: 0", "", problems).orElseThrow();

        assertThat(policy.bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.routes()).allSatisfy(route -> assertThat(route.requestBuffer()).isEqualTo(1L << 20));
    }

    @Test
    void readWhenClientsSetThemThenEveryRouteHasTheBufferAndThePolicyTheTimeout() {
        List<Problem> problems = new ArrayList<>();

        Policy policy = read("  request_buffer: 256KiB\n  body_timeout: 30s", "", problems).orElseThrow();

        assertThat(problems).isEmpty();
        assertThat(policy.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.routes()).allSatisfy(route -> assertThat(route.requestBuffer()).isEqualTo(256L * 1024));
    }

    @Test
    void readWhenRouteSetsItsBufferThenOnlyThatRouteHasIt() {
        List<Problem> problems = new ArrayList<>();

        Policy policy = read("  request_buffer: 256KiB", "    request_buffer: 0\n", problems).orElseThrow();

        assertThat(policy.routes().get(0).requestBuffer()).isZero();
        assertThat(policy.routes().get(1).requestBuffer()).isEqualTo(256L * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1MB", "1 MiB", "-1KiB", "65MiB", "1GiB", "lots", "1.5MiB"})
    void readWhenClientsBufferIsNotASizeThenProblemAtValue(String value) {
        List<Problem> problems = new ArrayList<>();

        read("  request_buffer: " + value, "", problems);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo(19);
            assertThat(problem.message()).contains("bad size '" + value + "' for 'request_buffer'").contains("as 1MiB");
        });
    }

    @Test
    void readWhenRouteBufferIsNotASizeThenProblemAtValue() {
        List<Problem> problems = new ArrayList<>();

        read("  num_proxies: 0", "    request_buffer: 2MB\n", problems);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.column()).isEqualTo(21);
            assertThat(problem.message()).contains("bad size '2MB' for 'request_buffer'");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0s", "10", "500ms", "2d", "soon"})
    void readWhenBodyTimeoutNotAPositiveDurationThenProblemAtValue(String value) {
        List<Problem> problems = new ArrayList<>();

        read("  body_timeout: " + value, "", problems);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo(17);
            assertThat(problem.message()).contains("bad timeout '" + value + "' for 'body_timeout'");
        });
    }

    @Test
    void readWhenClientsKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = new ArrayList<>();

        read("  request_bufer: 1MiB", "", problems);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo(3);
            assertThat(problem.message()).contains("unknown key 'request_bufer'").contains("did you mean 'request_buffer'?");
        });
    }
}
