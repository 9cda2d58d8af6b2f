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
import io.portcullis.policy.model.Identity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class PermissionProperties {

    private static final List<String> ROLES = List.of("editor", "ops", "billing", "team-a", "ns:admin", "v1.2");
    private static final List<String> VARIABLES = List.of("id", "owner", "user_id");
    private static final List<String> IDS = List.of("1", "2", "alice");
    private static final int MAX_DEPTH = 6;

    @Property(tries = 1000)
    void printThenParseIsIdentity(@ForAll("permissions") Permission permission) throws Exception {
        assertThat(PermissionParser.parse(PermissionPrinter.print(permission))).isEqualTo(permission);
    }

    @Property(tries = 1000)
    void deMorganHoldsForEveryIdentity(@ForAll("permissions") Permission a, @ForAll("permissions") Permission b,
                                       @ForAll("facts") RequestFacts facts) {
        assertThat(new Not(new And(a, b)).grants(facts)).isEqualTo(new Or(new Not(a), new Not(b)).grants(facts));
    }

    @Property(tries = 1000)
    void deMorganDualHoldsForEveryIdentity(@ForAll("permissions") Permission a, @ForAll("permissions") Permission b,
                                           @ForAll("facts") RequestFacts facts) {
        assertThat(new Not(new Or(a, b)).grants(facts)).isEqualTo(new And(new Not(a), new Not(b)).grants(facts));
    }

    @Property(tries = 500)
    void printedFormEvaluatesAsTheTree(@ForAll("permissions") Permission permission, @ForAll("facts") RequestFacts facts)
            throws Exception {
        Permission reparsed = PermissionParser.parse(PermissionPrinter.print(permission));

        assertThat(reparsed.grants(facts)).isEqualTo(permission.grants(facts));
    }

    @Property(tries = 2000)
    void anyStringParsesOrFailsWithSyntaxError(@ForAll("expressionLikeStrings") String text) {
        Throwable thrown = catchThrowable(() -> PermissionParser.parse(text));

        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(PermissionSyntaxException.class));
    }

    @Property(tries = 1000)
    void anyUnicodeStringParsesOrFailsWithSyntaxError(@ForAll String text) {
        Throwable thrown = catchThrowable(() -> PermissionParser.parse(text));

        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(PermissionSyntaxException.class));
    }

    @Property(tries = 1000)
    void syntaxErrorColumnIsWithinTheTextOrJustPastIt(@ForAll("expressionLikeStrings") String text) {
        Throwable thrown = catchThrowable(() -> PermissionParser.parse(text));
        Assume.that(thrown instanceof PermissionSyntaxException);

        assertThat(((PermissionSyntaxException) thrown).column()).isBetween(1, text.length() + 1);
    }

    @Provide
    Arbitrary<Permission> permissions() {
        return permissions(MAX_DEPTH);
    }

    private static Arbitrary<Permission> permissions(int depth) {
        if (depth == 0) {
            return atoms();
        }
        Arbitrary<Permission> smaller = permissions(depth - 1);
        Arbitrary<Permission> and = Combinators.combine(smaller, smaller).as((l, r) -> new And(l, r));
        Arbitrary<Permission> or = Combinators.combine(smaller, smaller).as((l, r) -> new Or(l, r));
        Arbitrary<Permission> not = smaller.map(Not::new);
        return Arbitraries.frequencyOf(
                Tuple.of(3, atoms()),
                Tuple.of(2, and),
                Tuple.of(2, or),
                Tuple.of(1, not));
    }

    private static Arbitrary<Permission> atoms() {
        Arbitrary<String> role = Arbitraries.of(ROLES);
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(new AllowAny(), new DenyAll(), new IsAuthenticated(), new IsAdminUser(),
                        new IsAuthenticatedOrReadOnly(), new ReadOnly()),
                role.map(HasRole::new),
                role.list().ofMinSize(1).ofMaxSize(4).map(HasAnyRole::new),
                Arbitraries.of(VARIABLES).map(IsOwner::new)));
    }

    @Provide
    Arbitrary<RequestFacts> facts() {
        Arbitrary<String> method = Arbitraries.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
        Arbitrary<Map<String, String>> variables = Arbitraries.maps(Arbitraries.of(VARIABLES), Arbitraries.of(IDS))
                .ofMaxSize(VARIABLES.size());
        return Combinators.combine(method, variables, identities()).as(RequestFacts::new);
    }

    private static Arbitrary<Identity> identities() {
        Arbitrary<Identity> user = Combinators.combine(
                        Arbitraries.of(IDS),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.of(ROLES).set().ofMaxSize(3).map(List::copyOf),
                        Arbitraries.of(true, false),
                        Arbitraries.of("jwt", "token", "api_key", "basic", "cookie"),
                        Arbitraries.maps(Arbitraries.of("org", "team"), Arbitraries.strings().alpha().ofMaxLength(5)))
                .as(Identity::new);
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Identity.ANONYMOUS)), Tuple.of(3, user));
    }

    @Provide
    Arbitrary<String> expressionLikeStrings() {
        Arbitrary<String> tokens = Arbitraries.of("AllowAny", "DenyAll", "IsAuthenticated", "IsAdminUser",
                "IsAuthenticatedOrReadOnly", "ReadOnly", "HasRole", "HasAnyRole", "IsOwner", "IsAdmin", "(", ")", "((",
                "~", "&", "|", ",", " ", "\t", "\n", "editor", "id", "", "!", "\u00e9", "\uD83D\uDE00", "\0", "\\");
        return tokens.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }
}
