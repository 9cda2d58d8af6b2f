package io.portcullis.policy.match;

import io.portcullis.policy.expr.Permission.IsAuthenticated;
import io.portcullis.policy.model.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static Route route(String id, String... paths) {
        return new Route(id, List.of(paths), URI.create("http://" + id + ":8080"), new IsAuthenticated(), Map.of(),
                List.of());
    }

    private static String matchedId(RouteTable table, String path) {
        return table.match(path).map(match -> match.route().id()).orElse(null);
    }

    @Test
    void matchWhenTwoRoutesMatchThenFirstInFileOrderWins() {
        RouteTable table = new RouteTable(List.of(route("all-api", "/api/**"), route("posts", "/api/posts/**")));

        assertThat(matchedId(table, "/api/posts/1")).isEqualTo("all-api");
    }

    @Test
    void matchWhenMoreSpecificRouteComesFirstThenItWins() {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**"), route("all-api", "/api/**")));

        assertThat(matchedId(table, "/api/posts/1")).isEqualTo("posts");
    }

    @Test
    void matchWhenEarlierRouteDoesNotMatchThenLaterRouteMatches() {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**"), route("all-api", "/api/**")));

        assertThat(matchedId(table, "/api/comments/1")).isEqualTo("all-api");
    }

    @Test
    void matchWhenRouteHasSeveralPathsThenAnyOfThemMatches() {
        RouteTable table = new RouteTable(List.of(route("blog", "/api/posts/**", "/api/comments/**")));

        assertThat(matchedId(table, "/api/comments/3")).isEqualTo("blog");
    }

    @Test
    void matchWhenSecondPathOfEarlierRouteMatchesThenEarlierRouteWins() {
        RouteTable table = new RouteTable(List.of(route("blog", "/api/posts/**", "/api/**"),
                route("comments", "/api/comments/**")));

        assertThat(matchedId(table, "/api/comments/3")).isEqualTo("blog");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/API/posts", "/api/Posts/1", "/Api/posts/1"})
    void matchWhenCaseDiffersThenNoMatch(String path) {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**")));

        assertThat(table.match(path)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/posts", "/api/posts/", "/api/posts/1", "/api/posts/1/comments/2"})
    void matchWhenUnderDoubleStarPatternThenMatches(String path) {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**")));

        assertThat(matchedId(table, path)).isEqualTo("posts");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/postsx", "/api/post", "/api", "/", "/other/api/posts"})
    void matchWhenOutsideDoubleStarPatternThenNoMatch(String path) {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**")));

        assertThat(table.match(path)).isEmpty();
    }

    @Test
    void matchWhenNoRouteMatchesThenEmpty() {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**"), route("users", "/api/users/{id}")));

        assertThat(table.match("/admin")).isEmpty();
    }

    @Test
    void matchWhenNoRoutesThenEmpty() {
        assertThat(new RouteTable(List.of()).match("/")).isEmpty();
    }

    @Test
    void matchWhenPatternHasVariableThenVariableExtracted() {
        RouteTable table = new RouteTable(List.of(route("profile", "/api/users/{id}/**")));

        assertThat(table.match("/api/users/42/avatar")).map(RouteMatch::variables).contains(Map.of("id", "42"));
    }

    @Test
    void matchWhenSeveralVariablesThenAllExtracted() {
        RouteTable table = new RouteTable(List.of(route("comment", "/api/posts/{post}/comments/{comment}")));

        assertThat(table.match("/api/posts/7/comments/9")).map(RouteMatch::variables)
                .contains(Map.of("post", "7", "comment", "9"));
    }

    @Test
    void matchWhenVariableIsPercentEncodedThenValueIsDecoded() {
        RouteTable table = new RouteTable(List.of(route("profile", "/api/users/{id}")));

        assertThat(table.match("/api/users/al%20ice")).map(RouteMatch::variables).contains(Map.of("id", "al ice"));
    }

    @Test
    void matchWhenCaptureAllVariableThenRestOfPathExtracted() {
        RouteTable table = new RouteTable(List.of(route("files", "/files/{*path}")));

        assertThat(table.match("/files/a/b.txt")).map(RouteMatch::variables).contains(Map.of("path", "/a/b.txt"));
    }

    @Test
    void matchWhenRegexVariableDoesNotMatchThenNoMatch() {
        RouteTable table = new RouteTable(List.of(route("profile", "/api/users/{id:[0-9]+}")));

        assertThat(table.match("/api/users/alice")).isEmpty();
    }

    @Test
    void matchWhenPatternHasNoVariablesThenNoVariables() {
        RouteTable table = new RouteTable(List.of(route("posts", "/api/posts/**")));

        assertThat(table.match("/api/posts/1")).map(RouteMatch::variables).contains(Map.of());
    }

    @Test
    void matchWhenSingleSegmentVariableThenDoesNotSpanSlashes() {
        RouteTable table = new RouteTable(List.of(route("profile", "/api/users/{id}")));

        assertThat(table.match("/api/users/1/2")).isEmpty();
    }
}
