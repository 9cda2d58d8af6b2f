package io.portcullis.policy.expr;

import io.portcullis.policy.expr.Permission.AllowAny;
import io.portcullis.policy.expr.Permission.And;
import io.portcullis.policy.expr.Permission.DenyAll;
import io.portcullis.policy.expr.Permission.HasAnyRole;
import io.portcullis.policy.expr.Permission.HasRole;
import io.portcullis.policy.expr.Permission.IsAdminUser;
import io.portcullis.policy.expr.Permission.IsAuthenticated;
import io.portcullis.policy.expr.Permission.IsAuthenticatedOrReadOnly;
import io.portcullis.policy.expr.Permission.IsOwner;
import io.portcullis.policy.expr.Permission.Not;
import io.portcullis.policy.expr.Permission.Or;
import io.portcullis.policy.expr.Permission.ReadOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PermissionParserTest {

    private static final Permission A = new IsAuthenticated();
    private static final Permission B = new IsAdminUser();
    private static final Permission C = new ReadOnly();

    static Stream<Arguments> atoms() {
        return Stream.of(
                arguments("AllowAny", new AllowAny()),
                arguments("DenyAll", new DenyAll()),
                arguments("IsAuthenticated", new IsAuthenticated()),
                arguments("IsAdminUser", new IsAdminUser()),
                arguments("IsAuthenticatedOrReadOnly", new IsAuthenticatedOrReadOnly()),
                arguments("ReadOnly", new ReadOnly()),
                arguments("HasRole(editor)", new HasRole("editor")),
                arguments("HasAnyRole(editor)", new HasAnyRole(List.of("editor"))),
                arguments("HasAnyRole(editor, admin, ops)", new HasAnyRole(List.of("editor", "admin", "ops"))),
                arguments("IsOwner(id)", new IsOwner("id")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atoms")
    void parseWhenAtomThenThatAtom(String text, Permission expected) throws Exception {
        assertThat(PermissionParser.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                arguments("and binds tighter than or, on the right", "IsAuthenticated | IsAdminUser & ReadOnly",
                        new Or(A, new And(B, C))),
                arguments("and binds tighter than or, on the left", "IsAuthenticated & IsAdminUser | ReadOnly",
                        new Or(new And(A, B), C)),
                arguments("not binds tighter than and", "~IsAuthenticated & IsAdminUser",
                        new And(new Not(A), B)),
                arguments("not binds tighter than or", "~IsAuthenticated | IsAdminUser",
                        new Or(new Not(A), B)),
                arguments("parentheses override precedence", "(IsAuthenticated | IsAdminUser) & ReadOnly",
                        new And(new Or(A, B), C)),
                arguments("not applies to a parenthesised group", "~(IsAuthenticated & IsAdminUser)",
                        new Not(new And(A, B))),
                arguments("double negation is kept", "~~IsAuthenticated", new Not(new Not(A))),
                arguments("or is left-associative", "IsAuthenticated | IsAdminUser | ReadOnly",
                        new Or(new Or(A, B), C)),
                arguments("and is left-associative", "IsAuthenticated & IsAdminUser & ReadOnly",
                        new And(new And(A, B), C)),
                arguments("parentheses group to the right", "IsAuthenticated & (IsAdminUser & ReadOnly)",
                        new And(A, new And(B, C))),
                arguments("redundant parentheses vanish", "((IsAuthenticated))", A),
                arguments("spaces and tabs are ignored", " \tIsAuthenticated\t|  HasRole( editor )\t",
                        new Or(A, new HasRole("editor"))),
                arguments("line breaks are spaces", "IsAuthenticated\n| HasRole(editor)\r\n",
                        new Or(A, new HasRole("editor"))),
                arguments("no spaces needed", "IsAuthenticated|~ReadOnly&IsAdminUser",
                        new Or(A, new And(new Not(C), B))),
                arguments("arguments may hold - _ . :", "HasAnyRole(team-a, team_b, v1.2, ns:ops)",
                        new HasAnyRole(List.of("team-a", "team_b", "v1.2", "ns:ops"))),
                arguments("DESIGN example", "IsAdminUser | HasRole(editor)", new Or(B, new HasRole("editor"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void parseWhenComposedThenShapeFollowsPrecedence(String name, String text, Permission expected) throws Exception {
        assertThat(PermissionParser.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("unknown atom", "IsAuthenticated | IsAdmin", 19, "unknown permission 'IsAdmin'"),
                arguments("misspelt atom with a different case", "isauthenticated", 1, "unknown permission 'isauthenticated'"),
                arguments("missing ')' at the end", "(IsAuthenticated | ReadOnly", 28, "missing ')'"),
                arguments("missing ')' after arguments", "HasRole(editor", 15, "missing ')' after the arguments of HasRole"),
                arguments("unmatched ')'", "IsAuthenticated)", 16, "no matching '('"),
                arguments("trailing or", "IsAuthenticated |", 18, "expected a permission, found the end"),
                arguments("trailing and", "IsAuthenticated & ", 19, "expected a permission, found the end"),
                arguments("trailing not", "~", 2, "expected a permission, found the end"),
                arguments("leading operator", "& IsAuthenticated", 1, "expected a permission, found '&'"),
                arguments("doubled operator", "IsAuthenticated || ReadOnly", 18, "expected a permission, found '|'"),
                arguments("two atoms without operator", "IsAuthenticated ReadOnly", 17, "expected '&', '|' or the end"),
                arguments("empty", "", 1, "empty permission expression"),
                arguments("blank", "   ", 1, "empty permission expression"),
                arguments("empty parentheses", "()", 2, "expected a permission, found ')'"),
                arguments("argument to an atom that takes none", "IsAuthenticated(x)", 16, "IsAuthenticated takes no arguments"),
                arguments("empty argument list to an atom that takes none", "AllowAny ()", 10, "AllowAny takes no arguments"),
                arguments("HasRole with two arguments", "ReadOnly | HasRole(a, b)", 12, "HasRole takes exactly one argument, got 2"),
                arguments("IsOwner with two arguments", "IsOwner(id, pk)", 1, "IsOwner takes exactly one argument, got 2"),
                arguments("HasRole without parentheses", "HasRole", 8, "HasRole needs an argument, as in HasRole(x)"),
                arguments("HasRole with empty parentheses", "HasRole()", 9, "HasRole: expected a name"),
                arguments("HasAnyRole with a trailing comma", "HasAnyRole(a,)", 14, "HasAnyRole: expected a name"),
                arguments("character outside the syntax", "IsAuthenticated ! ReadOnly", 17, "unexpected '!'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void parseWhenMalformedThenSyntaxErrorAtColumn(String name, String text, int column, String message) {
        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(text));

        assertThat(error).isNotNull();
        assertThat(error.column()).isEqualTo(column);
        assertThat(error.getMessage()).contains(message);
    }

    static Stream<Arguments> suggestions() {
        return Stream.of(
                arguments("IsAdmin", "IsAdminUser"),
                arguments("IsAuthenticted", "IsAuthenticated"),
                arguments("isadminuser", "IsAdminUser"),
                arguments("AlowAny", "AllowAny"),
                arguments("HasRoles", "HasRole"),
                arguments("IsOwnr", "IsOwner"));
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @MethodSource("suggestions")
    void parseWhenAtomMisspeltThenMessageSuggestsClosestAtom(String typed, String suggested) {
        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(typed));

        assertThat(error.getMessage()).endsWith("(did you mean '" + suggested + "'?)");
    }

    @Test
    void parseWhenAtomFarFromAnyKnownThenNoSuggestion() {
        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse("Banana"));

        assertThat(error.getMessage()).isEqualTo("unknown permission 'Banana'");
    }

    @Test
    void parseWhenNestingIsExactlySixtyFourLevelsThenAccepted() throws Exception {
        // The top level counts as one, so 63 parentheses reach the 64th level.
        String text = "(".repeat(63) + "AllowAny" + ")".repeat(63);

        assertThat(PermissionParser.parse(text)).isEqualTo(new AllowAny());
    }

    @Test
    void parseWhenParenthesesNestedDeeperThanSixtyFourThenRefused() {
        String text = "(".repeat(64) + "AllowAny" + ")".repeat(64);

        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(text));

        assertThat(error.getMessage()).isEqualTo("expression nested deeper than 64");
        assertThat(error.column()).isEqualTo(65);
    }

    @Test
    void parseWhenNegationsNestedDeeperThanSixtyFourThenRefused() {
        String text = "~".repeat(64) + "AllowAny";

        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(text));

        assertThat(error.getMessage()).isEqualTo("expression nested deeper than 64");
    }

    @Test
    void parseWhenThousandsOfParenthesesThenSyntaxErrorNotStackOverflow() {
        String text = "(".repeat(4000);

        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(text));

        assertThat(error.getMessage()).contains("nested deeper than 64");
    }

    @Test
    void parseWhenLongFlatChainThenAcceptedBecauseItIsNotNested() throws Exception {
        String text = String.join(" & ", java.util.Collections.nCopies(200, "AllowAny"));

        assertThat(PermissionParser.parse(text)).isInstanceOf(And.class);
    }

    @Test
    void parseWhenLongerThanLimitThenRefused() {
        String text = "AllowAny" + " ".repeat(PermissionParser.MAX_LENGTH);

        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(text));

        assertThat(error.getMessage()).contains("longer than 4096");
    }

    @Test
    void parseWhenNullThenEmptyExpressionError() {
        PermissionSyntaxException error = catchThrowableOfType(PermissionSyntaxException.class,
                () -> PermissionParser.parse(null));

        assertThat(error.column()).isEqualTo(1);
    }

    @Test
    void atomNamesWhenAskedThenEveryAtomSorted() {
        assertThat(PermissionParser.atomNames()).containsExactly("AllowAny", "DenyAll", "HasAnyRole", "HasRole",
                "IsAdminUser", "IsAuthenticated", "IsAuthenticatedOrReadOnly", "IsOwner", "ReadOnly");
    }
}
