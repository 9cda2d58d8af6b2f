package io.portcullis.policy.parse;

import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.RouteTimeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code timeouts:} of a route in policy.yaml: optional, positive policy durations, each validated with its position. */
class RouteTimeoutsReaderTest {

    private static final String ROUTE = """
            version: 1
            routes:
              - id: slow
                path: /slow/**
                upstream: http://legacy:8080
            %s""";

    private static Optional<Policy> read(String timeouts, List<Problem> problems) {
        return PolicyReader.read("policy.yaml", ROUTE.formatted(timeouts), problems);
    }

    @Test
    void readWhenTimeoutsWrittenThenRouteHasThem() {
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = read("    timeouts: {connect: 2s, response: 5m}\n", problems);

        assertThat(problems).isEmpty();
        assertThat(policy.orElseThrow().routes().get(0).timeouts())
                .isEqualTo(new RouteTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(5)));
    }

    @Test
    void readWhenOnlyResponseWrittenThenConnectIsTheGatewayDefault() {
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = read("    timeouts: {response: 1s}\n", problems);

        assertThat(policy.orElseThrow().routes().get(0).timeouts()).isEqualTo(new RouteTimeouts(null, Duration.ofSeconds(1)));
    }

    @Test
    void readWhenNoTimeoutsThenGatewayDefaults() {
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = read("", problems);

        assertThat(policy.orElseThrow().routes().get(0).timeouts()).isEqualTo(RouteTimeouts.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0s", "-1s", "500ms", "2", "abc", "2d"})
    void readWhenTimeoutNotAPositiveDurationThenProblemAtValue(String value) {
        List<Problem> problems = new ArrayList<>();

        read("    timeouts:\n      response: " + value + "\n", problems);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.column()).isEqualTo(17);
            assertThat(problem.message()).contains("bad timeout '" + value + "' for 'response'");
        });
    }

    @Test
    void readWhenTimeoutsKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = new ArrayList<>();

        read("    timeouts:\n      conect: 2s\n", problems);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.column()).isEqualTo(7);
            assertThat(problem.message()).contains("unknown key 'conect'").contains("did you mean 'connect'?");
        });
    }
}
