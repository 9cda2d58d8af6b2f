package io.portcullis.policy.match;

import io.portcullis.policy.expr.PermissionParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PathVariablesTest {

    static Stream<Arguments> patterns() {
        return Stream.of(
                arguments("/api/posts/**", List.of()),
                arguments("/api/users/{id}/**", List.of("id")),
                arguments("/api/posts/{post}/comments/{comment}", List.of("post", "comment")),
                arguments("/files/{*path}", List.of("path")),
                arguments("/api/users/{id:[0-9]+}", List.of("id")),
                arguments("/api/{version}/users/{id}.json", List.of("version", "id")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void namesWhenPatternThenDeclaredVariablesInOrder(String pattern, List<String> names) {
        assertThat(PathVariables.names(pattern)).containsExactlyElementsOf(names);
    }

    static Stream<Arguments> expressions() {
        return Stream.of(
                arguments("IsAdminUser", List.of()),
                arguments("IsOwner(id)", List.of("id")),
                arguments("IsOwner(id) | IsAdminUser & IsOwner(pk)", List.of("id", "pk")),
                arguments("~IsOwner(id) & (ReadOnly | IsOwner(owner))", List.of("id", "owner")),
                arguments("IsOwner(id) | IsOwner(id)", List.of("id")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void ownerVariablesWhenExpressionThenEveryIsOwnerVariable(String expression, List<String> variables)
            throws Exception {
        assertThat(PathVariables.ownerVariables(PermissionParser.parse(expression)))
                .containsExactlyElementsOf(variables);
    }
}
