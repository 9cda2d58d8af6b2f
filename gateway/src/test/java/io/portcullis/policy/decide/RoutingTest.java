package io.portcullis.policy.decide;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.parse.PolicyReader;
import io.portcullis.policy.parse.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTest {

    private static final PolicySnapshot SNAPSHOT = snapshot();

    private static PolicySnapshot snapshot() {
        List<Problem> problems = new ArrayList<>();
        Policy policy = PolicyReader.read("policy.yaml", """
                version: 1
                routes:
                  - id: open
                    path: /open/**
                    upstream: http://127.0.0.1:9
                    permission: AllowAny
                """, problems).orElseThrow(() -> new AssertionError(problems));
        return PolicySnapshot.of(policy, Users.NONE);
    }

    @ParameterizedTest
    @CsvSource({"TRACE, /open/x", "PROPFIND, /open/x", "get, /open/x", "TRACE, /nowhere", "CONNECT, /open/x"})
    void routeWhenTheMethodIsNeverRoutedThenMethodNotAllowed(String method, String path) {
        assertThat(Routing.route(SNAPSHOT, method, path).outcome()).isEqualTo(Routing.Outcome.METHOD_NOT_ALLOWED);
    }

    @ParameterizedTest
    @CsvSource({"TRACE, /auth/token/", "PROPFIND, /auth/api-token/", "POST, /auth/token/", "get, /auth/x/../token/"})
    void routeWhenTheGatewaysOwnEndpointThenItAnswersEveryMethodItself(String method, String path) {
        assertThat(Routing.route(SNAPSHOT, method, path).outcome()).isEqualTo(Routing.Outcome.OWN_ENDPOINT);
    }

    @ParameterizedTest
    @CsvSource({"GET, /open/x, MATCHED", "DELETE, /open/x, MATCHED", "GET, /nowhere, NO_ROUTE", "GET, /open/%2e%2e/x, BAD_PATH"})
    void routeWhenARoutedMethodThenByPath(String method, String path, Routing.Outcome outcome) {
        assertThat(Routing.route(SNAPSHOT, method, path).outcome()).isEqualTo(outcome);
    }
}
