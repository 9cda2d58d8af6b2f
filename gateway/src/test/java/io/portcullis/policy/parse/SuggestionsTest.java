package io.portcullis.policy.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final List<String> ROUTE_KEYS = List.of("id", "path", "paths", "upstream", "permission", "methods",
            "throttle");
    private static final List<String> ATOMS = List.of("AllowAny", "DenyAll", "HasAnyRole", "HasRole", "IsAdminUser",
            "IsAuthenticated", "IsAuthenticatedOrReadOnly", "IsOwner", "ReadOnly");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "permision, permission",
            "PERMISSION, permission",
            "upstreem, upstream",
            "throtle, throttle",
            "method, methods",
            "pth, path"})
    void closestWhenRouteKeyMisspeltThenThatKey(String typed, String expected) {
        assertThat(Suggestions.closest(typed, ROUTE_KEYS)).contains(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "IsAdmin, IsAdminUser",
            "IsAuthenticted, IsAuthenticated",
            "IsAuth, IsAuthenticated",
            "isauthenticatedorreadonly, IsAuthenticatedOrReadOnly",
            "HasRoles, HasRole",
            "HasAny, HasAnyRole"})
    void closestWhenAtomMisspeltOrTruncatedThenThatAtom(String typed, String expected) {
        assertThat(Suggestions.closest(typed, ATOMS)).contains(expected);
    }

    @Test
    void closestWhenNothingIsCloseThenEmpty() {
        assertThat(Suggestions.closest("banana", ROUTE_KEYS)).isEmpty();
    }

    @Test
    void closestWhenShortPrefixThenEmptyRatherThanAGuess() {
        assertThat(Suggestions.closest("Is", ATOMS)).isEmpty();
    }

    @Test
    void didYouMeanWhenCloseThenParentheticalSuggestion() {
        assertThat(Suggestions.didYouMean("permision", ROUTE_KEYS)).isEqualTo(" (did you mean 'permission'?)");
    }

    @Test
    void didYouMeanWhenNothingCloseThenEmptyString() {
        assertThat(Suggestions.didYouMean("banana", ROUTE_KEYS)).isEmpty();
    }

    @Test
    void closestWhenNoCandidatesThenEmpty() {
        assertThat(Suggestions.closest("anything", List.of())).isEmpty();
    }
}
