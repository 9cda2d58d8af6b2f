package io.portcullis.policy.parse;

import io.portcullis.policy.expr.Permission.HasRole;
import io.portcullis.policy.expr.Permission.IsAdminUser;
import io.portcullis.policy.expr.Permission.IsAuthenticated;
import io.portcullis.policy.expr.Permission.IsAuthenticatedOrReadOnly;
import io.portcullis.policy.expr.Permission.IsOwner;
import io.portcullis.policy.expr.Permission.Or;
import io.portcullis.policy.expr.Permission.ReadOnly;
import io.portcullis.policy.model.IdentitySettings;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.rate.Rate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyReaderTest {

    private static final String FILE = "policy.yaml";

    /** DESIGN.md's example, with a rate for the 'burst' scope it uses. */
    private static final String DESIGN_EXAMPLE = """
            version: 1
            authentication: [jwt, token, api_key]     # tried in this order; also: basic
            tokens:
              algorithm: HS256                        # HS256 | RS256 | ES256
              access_lifetime: 15m
              refresh_lifetime: 7d
              rotate_refresh_tokens: true
              blacklist_after_rotation: true
              issuer: portcullis
              audience: legacy-apis                   # optional
              leeway: 30s
              user_claims: [org]                      # users.yaml claims copied into access tokens
              api_token_lifetime: null                # opaque tokens; null = never expire (as DRF)
            identity:
              header_prefix: X-Auth-
              forward_claims: [org]                   # -> X-Auth-Claim-Org
              forward_authorization: false
            clients:
              num_proxies: 0                          # as DRF NUM_PROXIES: trusted hops in X-Forwarded-For
            defaults:
              permission: IsAuthenticated             # deny by default; AllowAny must be written out
              throttle: [anon, user]
            throttle_rates:
              anon: 100/hour
              user: 1000/hour
              login: 5/min
              burst: 10/second
            throttle:
              store_failure: local                    # local | allow | deny, while Redis is unreachable
            routes:                                   # first match in file order wins
              - id: posts
                path: /api/posts/**                   # or paths: [..]; Spring PathPattern syntax
                upstream: http://legacy-blog:8080
                permission: IsAuthenticatedOrReadOnly
                methods:
                  DELETE: IsAdminUser | HasRole(editor)
              - id: user-profile
                path: /api/users/{id}/**
                upstream: http://legacy-users:8080
                permission: IsOwner(id) | IsAdminUser
                throttle: [user, burst]
            """;

    private static List<Problem> problemsOf(String text) {
        List<Problem> problems = new ArrayList<>();
        PolicyReader.read(FILE, text, problems);
        return problems;
    }

    private static Policy policyOf(String text) {
        List<Problem> problems = new ArrayList<>();
        Optional<Policy> policy = PolicyReader.read(FILE, text, problems);
        assertThat(problems).isEmpty();
        return policy.orElseThrow();
    }

    private static Consumer<Problem> at(int line, int column, String messagePart) {
        return problem -> {
            assertThat(problem.file()).isEqualTo(FILE);
            assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
            assertThat(problem.column()).as("column of %s", problem).isEqualTo(column);
            assertThat(problem.message()).contains(messagePart);
        };
    }

    // ---- a valid policy

    @Test
    void readWhenDesignExampleThenExpectedPolicy() {
        Policy expected = new Policy(
                List.of("jwt", "token", "api_key"),
                new TokenSettings("HS256", Duration.ofMinutes(15), Duration.ofDays(7), true, true, "portcullis",
                        "legacy-apis", Duration.ofSeconds(30), List.of("org"), null, false, Duration.ofSeconds(30)),
                new IdentitySettings("X-Auth-", List.of("org"), false),
                0,
                Map.of("anon", new Rate(100, Duration.ofHours(1)), "user", new Rate(1000, Duration.ofHours(1)),
                        "login", new Rate(5, Duration.ofMinutes(1)), "burst", new Rate(10, Duration.ofSeconds(1))),
                StoreFailure.LOCAL,
                List.of(
                        new Route("posts", List.of("/api/posts/**"), URI.create("http://legacy-blog:8080"),
                                new IsAuthenticatedOrReadOnly(),
                                Map.of("DELETE", new Or(new IsAdminUser(), new HasRole("editor"))),
                                List.of("anon", "user")),
                        new Route("user-profile", List.of("/api/users/{id}/**"), URI.create("http://legacy-users:8080"),
                                new Or(new IsOwner("id"), new IsAdminUser()), Map.of(), List.of("user", "burst"))));

        assertThat(policyOf(DESIGN_EXAMPLE)).isEqualTo(expected);
    }

    @Test
    void readWhenSeveralRoutesThenFileOrderKept() {
        Policy policy = policyOf("""
                version: 1
                routes:
                  - id: zeta
                    path: /z/**
                    upstream: http://z:80
                  - id: alpha
                    path: /a/**
                    upstream: http://a:80
                  - id: mid
                    path: /m/**
                    upstream: http://m:80
                """);

        assertThat(policy.routes()).extracting(Route::id).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void readWhenRouteHasNoPermissionThenDefaultsPermission() {
        Policy policy = policyOf("""
                version: 1
                defaults:
                  permission: ReadOnly
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(policy.routes().get(0).permission()).isEqualTo(new ReadOnly());
    }

    @Test
    void readWhenNoDefaultsThenRoutePermissionIsAuthenticated() {
        Policy policy = policyOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(policy.routes().get(0).permission()).isEqualTo(new IsAuthenticated());
    }

    @Test
    void readWhenDefaultsWithoutPermissionThenRoutePermissionIsAuthenticated() {
        Policy policy = policyOf("""
                version: 1
                throttle_rates:
                  user: 10/minute
                defaults:
                  throttle: [user]
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(policy.routes().get(0).permission()).isEqualTo(new IsAuthenticated());
    }

    @Test
    void readWhenRoutePermissionWrittenThenItReplacesDefault() {
        Policy policy = policyOf("""
                version: 1
                defaults:
                  permission: ReadOnly
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: IsAdminUser
                """);

        assertThat(policy.routes().get(0).permission()).isEqualTo(new IsAdminUser());
    }

    @Test
    void readWhenMethodOverriddenThenThatMethodUsesOverride() {
        Route route = policyOf(DESIGN_EXAMPLE).routes().get(0);

        assertThat(route.permissionFor("DELETE")).isEqualTo(new Or(new IsAdminUser(), new HasRole("editor")));
    }

    @Test
    void readWhenMethodOverriddenThenOtherMethodsUseRoutePermission() {
        Route route = policyOf(DESIGN_EXAMPLE).routes().get(0);

        assertThat(route.permissionFor("POST")).isEqualTo(new IsAuthenticatedOrReadOnly());
    }

    @Test
    void readWhenRouteHasNoThrottleThenDefaultsThrottle() {
        Route route = policyOf(DESIGN_EXAMPLE).routes().get(0);

        assertThat(route.throttle()).containsExactly("anon", "user");
    }

    @Test
    void readWhenRouteListsThrottleThenItReplacesDefaults() {
        Route route = policyOf(DESIGN_EXAMPLE).routes().get(1);

        assertThat(route.throttle()).containsExactly("user", "burst");
    }

    @Test
    void readWhenNoThrottleAnywhereThenRouteHasNone() {
        Policy policy = policyOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(policy.routes().get(0).throttle()).isEmpty();
    }

    @Test
    void readWhenOnlyVersionAndRoutesThenEverySettingDefaults() {
        Policy policy = policyOf("""
                version: 1
                routes: []
                """);

        assertThat(policy).isEqualTo(new Policy(List.of("jwt"), TokenSettings.DEFAULTS, IdentitySettings.DEFAULTS, 0,
                Map.of(), StoreFailure.LOCAL, List.of()));
    }

    @Test
    void readWhenPathsListThenRouteHasEveryPathInOrder() {
        Policy policy = policyOf("""
                version: 1
                routes:
                  - id: blog
                    paths: [/api/posts/**, /api/comments/**]
                    upstream: https://legacy-blog.example.com/
                """);

        assertThat(policy.routes().get(0).paths()).containsExactly("/api/posts/**", "/api/comments/**");
    }

    @Test
    void readWhenStoreFailureAllowWrittenOutThenAllow() {
        Policy policy = policyOf("""
                version: 1
                throttle:
                  store_failure: allow
                routes: []
                """);

        assertThat(policy.storeFailure()).isEqualTo(StoreFailure.ALLOW);
    }

    @Test
    void readWhenStoreTimeoutInMillisecondsThenThatTimeout() {
        Policy policy = policyOf("""
                version: 1
                throttle:
                  store_timeout: 250ms
                routes: []
                """);

        assertThat(policy.storeTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void readWhenStoreTimeoutAbsentThenHalfASecond() {
        Policy policy = policyOf("""
                version: 1
                throttle:
                  store_failure: deny
                routes: []
                """);

        assertThat(policy.storeTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void readWhenVersionQuotedThenAccepted() {
        assertThat(problemsOf("""
                version: "1"
                routes: []
                """)).isEmpty();
    }

    // ---- one test per validation rule, each with line and column

    @Test
    void readWhenRouteKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permision: AllowAny
                """);

        assertThat(problems).singleElement()
                .satisfies(at(6, 5, "unknown key 'permision' in route (did you mean 'permission'?)"));
    }

    @Test
    void readWhenTokensKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  acess_lifetime: 5m
                routes: []
                """);

        assertThat(problems).singleElement()
                .satisfies(at(3, 3, "unknown key 'acess_lifetime' in tokens (did you mean 'access_lifetime'?)"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"15", "m", "15 minutes", "-5m", "1.5h", "15M", "1w", "15mm", "abc"})
    void readWhenBadDurationThenProblemAtValue(String duration) {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  access_lifetime: %s
                routes: []
                """.formatted(duration));

        assertThat(problems).singleElement()
                .satisfies(at(3, 20, "bad duration '" + duration + "' for 'access_lifetime'"));
    }

    @Test
    void readWhenBadDurationQuotedThenColumnInsideQuotes() {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  leeway: "30 s"
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 12, "bad duration '30 s' for 'leeway'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0s", "1s", "2m"})
    void readWhenRefreshReuseIntervalThenThatDuration(String interval) {
        Policy policy = policyOf("""
                version: 1
                tokens:
                  refresh_reuse_interval: %s
                routes: []
                """.formatted(interval));

        assertThat(policy.tokens().refreshReuseInterval()).isEqualTo(Durations.parse(interval).orElseThrow());
    }

    @Test
    void readWhenNoRefreshReuseIntervalThenThirtySeconds() {
        Policy policy = policyOf("""
                version: 1
                routes: []
                """);

        assertThat(policy.tokens().refreshReuseInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"30", "-1s", "null", "1.5s", "soon"})
    void readWhenBadRefreshReuseIntervalThenProblemAtValue(String interval) {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  refresh_reuse_interval: %s
                routes: []
                """.formatted(interval));

        assertThat(problems).singleElement()
                .satisfies(at(3, 27, "'refresh_reuse_interval'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"100/hr", "100", "0/hour", "-1/hour", "100/hour/2", "/hour", "ten/hour", "100/week",
            "1.5/s"})
    void readWhenBadRateThenProblemAtValue(String rate) {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  anon: %s
                routes: []
                """.formatted(rate));

        assertThat(problems).singleElement().satisfies(at(3, 9, "bad rate '" + rate + "' for scope 'anon'"));
    }

    @Test
    void readWhenBadRateOfAScopeInUseThenOnlyTheBadRateIsReported() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  anon: 100/fortnight
                defaults:
                  throttle: [anon]
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    throttle: [anon]
                """);

        assertThat(problems).singleElement().satisfies(at(3, 9, "bad rate '100/fortnight' for scope 'anon'"));
    }

    @Test
    void readWhenUnknownAtomThenColumnPointsAtTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: IsAuthenticated | IsAdmin
                """);

        assertThat(problems).singleElement()
                .satisfies(at(6, 35, "permission: unknown permission 'IsAdmin' (did you mean 'IsAdminUser'?)"));
    }

    @Test
    void readWhenUnknownAtomInDoubleQuotesThenColumnPointsAtTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: "IsAuthenticated | IsAdmin"
                """);

        assertThat(problems).singleElement().satisfies(at(6, 36, "unknown permission 'IsAdmin'"));
    }

    @Test
    void readWhenUnknownAtomInSingleQuotesThenColumnPointsAtTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: 'IsAuthenticated | IsAdmin'
                """);

        assertThat(problems).singleElement().satisfies(at(6, 36, "unknown permission 'IsAdmin'"));
    }

    @Test
    void readWhenUnknownAtomUnderMethodsThenColumnPointsAtTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    methods:
                      DELETE: IsAdminUser | HasRle(editor)
                """);

        assertThat(problems).singleElement()
                .satisfies(at(7, 29, "DELETE: unknown permission 'HasRle' (did you mean 'HasRole'?)"));
    }

    @Test
    void readWhenUnknownAtomInDefaultsThenColumnPointsAtTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                defaults:
                  permission: IsAuthenticatd
                routes: []
                """);

        assertThat(problems).singleElement()
                .satisfies(at(3, 15, "unknown permission 'IsAuthenticatd' (did you mean 'IsAuthenticated'?)"));
    }

    @Test
    void readWhenPermissionIsALiteralBlockThenParsed() {
        Policy policy = policyOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: |
                      IsAdminUser
                      | HasRole(editor)
                """);

        assertThat(policy.routes().get(0).permission()).isEqualTo(new Or(new IsAdminUser(), new HasRole("editor")));
    }

    @Test
    void readWhenPermissionIsAFoldedBlockThenParsed() {
        Policy policy = policyOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: >
                      IsAdminUser |
                      HasRole(editor)
                """);

        assertThat(policy.routes().get(0).permission()).isEqualTo(new Or(new IsAdminUser(), new HasRole("editor")));
    }

    @Test
    void readWhenUnknownAtomOnSecondLineOfPlainScalarThenLineAndColumnOfTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: IsAuthenticated
                      | IsAdmn
                """);

        assertThat(problems).singleElement().satisfies(at(7, 9, "unknown permission 'IsAdmn'"));
    }

    @Test
    void readWhenUnknownAtomInFoldedBlockThenLineAndColumnOfTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: >-
                      IsAuthenticated
                        | IsAdmn
                """);

        assertThat(problems).singleElement().satisfies(at(8, 11, "unknown permission 'IsAdmn'"));
    }

    @Test
    void readWhenUnknownAtomOnSecondLineOfQuotedScalarThenLineAndColumnOfTheAtom() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: "IsAuthenticated |
                      IsAdmn"
                """);

        assertThat(problems).singleElement().satisfies(at(7, 7, "unknown permission 'IsAdmn'"));
    }

    @Test
    void readWhenMultiLinePermissionMissesParenthesisThenColumnJustPastTheLastCharacter() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: (ReadOnly
                      | IsAdminUser
                """);

        assertThat(problems).singleElement().satisfies(at(7, 20, "missing ')'"));
    }

    @Test
    void readWhenPermissionMissingParenthesisThenColumnPastTheEnd() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permission: (ReadOnly | IsAdminUser
                """);

        assertThat(problems).singleElement().satisfies(at(6, 40, "missing ')'"));
    }

    @Test
    void readWhenRouteThrottleScopeHasNoRateThenProblemAtScope() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  user: 1000/hour
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    throttle: [user, burst]
                """);

        assertThat(problems).singleElement()
                .satisfies(at(8, 22, "throttle scope 'burst' has no rate in throttle_rates"));
    }

    @Test
    void readWhenDefaultThrottleScopeHasNoRateThenProblemAtScope() {
        List<Problem> problems = problemsOf("""
                version: 1
                defaults:
                  throttle: [anon]
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 14, "throttle scope 'anon' has no rate in throttle_rates"));
    }

    @Test
    void readWhenThrottleScopeMisspeltThenSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  user: 1000/hour
                defaults:
                  throttle: [usr]
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(5, 14, "(did you mean 'user'?)"));
    }

    @Test
    void readWhenDuplicateRouteIdThenProblemAtSecondId() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                  - id: posts
                    path: /api/comments/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(6, 9, "duplicate route id 'posts'"));
    }

    @Test
    void readWhenRouteIdHasBadCharactersThenProblemAtId() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: my posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(3, 9, "route id 'my posts' must be letters, digits"));
    }

    @Test
    void readWhenIsOwnerNamesUndeclaredVariableInPermissionThenProblemAtPermission() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: profile
                    path: /api/users/{id}/**
                    upstream: http://legacy-users:8080
                    permission: IsOwner(user_id) | IsAdminUser
                """);

        assertThat(problems).singleElement().satisfies(at(6, 17,
                "IsOwner(user_id) needs {user_id} in the route's path, but '/api/users/{id}/**' declares only {id}"));
    }

    @Test
    void readWhenIsOwnerNamesUndeclaredVariableInMethodsThenProblemAtMethod() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: profile
                    path: /api/users/{id}/**
                    upstream: http://legacy-users:8080
                    permission: IsOwner(id)
                    methods:
                      PUT: IsOwner(pk)
                """);

        assertThat(problems).singleElement().satisfies(at(8, 12, "IsOwner(pk) needs {pk} in the route's path"));
    }

    @Test
    void readWhenIsOwnerVariableMissingFromOneOfSeveralPathsThenProblem() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: profile
                    paths:
                      - /api/users/{id}
                      - /api/me
                    upstream: http://legacy-users:8080
                    permission: IsOwner(id)
                """);

        assertThat(problems).singleElement().satisfies(at(8, 17, "but '/api/me' declares no variables"));
    }

    @Test
    void readWhenDefaultIsOwnerNeedsVariableTheRouteLacksThenProblemAtPath() {
        List<Problem> problems = problemsOf("""
                version: 1
                defaults:
                  permission: IsOwner(id)
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(6, 11, "IsOwner(id) needs {id}"));
    }

    @Test
    void readWhenIsOwnerVariableIsACaptureAllThenAccepted() {
        assertThat(problemsOf("""
                version: 1
                routes:
                  - id: files
                    path: /files/{*path}
                    upstream: http://legacy-files:8080
                    permission: IsOwner(path)
                """)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"legacy-blog:8080", "ftp://legacy-blog:21", "/relative", "http://legacy-blog:8080/api",
            "http://legacy-blog:8080/api/", "http://user:pw@legacy-blog:8080", "http://legacy-blog:8080?x=1",
            "http://legacy-blog:8080#top", "http://", "http:///path", "legacy-blog"})
    void readWhenUpstreamNotBareAbsoluteHttpUrlThenProblemAtUpstream(String upstream) {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: "%s"
                """.formatted(upstream));

        assertThat(problems).singleElement().satisfies(at(5, 16, "upstream '" + upstream + "' must be an absolute http(s) URL"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://legacy-blog:8080", "http://legacy-blog:8080/", "https://legacy.example.com",
            "http://10.0.0.7", "http://[::1]:8080"})
    void readWhenUpstreamBareAbsoluteHttpUrlThenAccepted(String upstream) {
        assertThat(problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: "%s"
                """.formatted(upstream))).isEmpty();
    }

    @Test
    void readWhenUpstreamHasAPathThenProblemExplainsPathIsForwardedUnchanged() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080/blog
                """);

        assertThat(problems).singleElement().satisfies(at(5, 15, "no path, query or credentials"));
    }

    @Test
    void readWhenVersionMissingThenProblemAtTopOfFile() {
        List<Problem> problems = problemsOf("""
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(1, 1, "policy.yaml is missing required key 'version'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2", "1.0", "0", "v1", "01"})
    void readWhenVersionUnsupportedThenProblemAtVersion(String version) {
        List<Problem> problems = problemsOf("""
                version: %s
                routes: []
                """.formatted(version));

        assertThat(problems).singleElement().satisfies(at(1, 10, "unsupported version (this gateway reads version: 1)"));
    }

    @Test
    void readWhenVersionUnsupportedAndQuotedThenColumnInsideQuotes() {
        List<Problem> problems = problemsOf("""
                version: "2"
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(1, 11, "unsupported version"));
    }

    @Test
    void readWhenRoutesMissingThenProblemAtTopOfFile() {
        List<Problem> problems = problemsOf("""
                version: 1
                """);

        assertThat(problems).singleElement().satisfies(at(1, 1, "policy.yaml is missing required key 'routes'"));
    }

    @Test
    void readWhenUnknownAuthenticationSchemeThenProblemAtScheme() {
        List<Problem> problems = problemsOf("""
                version: 1
                authentication: [jwt, oauth, api_key]
                routes: []
                """);

        assertThat(problems).singleElement()
                .satisfies(at(2, 23, "unknown authentication scheme 'oauth'; known: jwt, token, api_key, basic, cookie"));
    }

    @Test
    void readWhenAuthenticationSchemeMisspeltThenSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                authentication:
                  - jwt
                  - tokn
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(4, 5, "(did you mean 'token'?)"));
    }

    @Test
    void readWhenAuthenticationSchemeListedTwiceThenProblemAtSecond() {
        List<Problem> problems = problemsOf("""
                version: 1
                authentication: [jwt, token, jwt]
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(2, 30, "authentication scheme 'jwt' is listed twice"));
    }

    @Test
    void readWhenAuthenticationEmptyThenProblem() {
        List<Problem> problems = problemsOf("""
                version: 1
                authentication: []
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(2, 17, "authentication must name at least one scheme"));
    }

    @Test
    void readWhenDuplicateKeyInRouteThenProblemAtSecondKey() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    path: /api/other/**
                """);

        assertThat(problems).singleElement().satisfies(at(6, 5, "duplicate key 'path' in route"));
    }

    @Test
    void readWhenDuplicateTopLevelKeyThenProblemAtSecondKey() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes: []
                version: 1
                """);

        assertThat(problems).singleElement().satisfies(at(3, 1, "duplicate key 'version' in policy.yaml"));
    }

    @Test
    void readWhenDuplicateThrottleScopeThenProblemAtSecondKey() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  anon: 100/hour
                  anon: 10/minute
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(4, 3, "duplicate key 'anon' in throttle_rates"));
    }

    @Test
    void readWhenYamlSyntaxErrorThenProblemAtTheError() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes: value: other
                """);

        assertThat(problems).singleElement().satisfies(at(2, 14, "YAML syntax: mapping values are not allowed here"));
    }

    @Test
    void readWhenTabIndentationThenYamlSyntaxProblem() {
        List<Problem> problems = problemsOf("version: 1\nroutes:\n\t- id: posts\n");

        assertThat(problems).singleElement().satisfies(at(3, 1, "YAML syntax:"));
    }

    @Test
    void readWhenFileEmptyThenProblemAtTopOfFile() {
        assertThat(problemsOf("")).singleElement().satisfies(at(1, 1, "file is empty"));
    }

    @Test
    void readWhenTopLevelIsAListThenProblem() {
        assertThat(problemsOf("- version: 1\n")).singleElement()
                .satisfies(at(1, 1, "expected a mapping of keys at the top of the file"));
    }

    @Test
    void readWhenPathDoesNotStartWithSlashThenProblemAtPath() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: api/posts/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(4, 11, "path 'api/posts/**' must start with '/'"));
    }

    @Test
    void readWhenPathIsUnderTheGatewaysOwnEndpointsThenProblemAtPath() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: login
                    path: /auth/login/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(4, 11,
                "path '/auth/login/**' is under /auth/, the gateway's own token endpoints; no route can serve it"));
    }

    @Test
    void readWhenOneOfPathsDoesNotStartWithSlashThenProblemAtThatPath() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    paths: [/api/posts, api/comments]
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(4, 25, "path 'api/comments' must start with '/'"));
    }

    @Test
    void readWhenPathPatternMalformedThenProblemInsideThePattern() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/{*rest}/more
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.column()).isBetween(11, 11 + "/api/{*rest}/more".length());
            assertThat(problem.message()).startsWith("bad path pattern '/api/{*rest}/more'");
        });
    }

    @Test
    void readWhenBothPathAndPathsThenProblemAtPaths() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    paths: [/api/comments/**]
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(5, 12, "route 'posts' has both 'path' and 'paths': keep one"));
    }

    @Test
    void readWhenPathsListEmptyThenProblemAtPaths() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    paths: []
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(4, 12, "route 'posts' needs at least one path"));
    }

    @Test
    void readWhenNeitherPathNorPathsThenProblemAtRoute() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).singleElement().satisfies(at(3, 5, "route 'posts' needs 'path' (or 'paths')"));
    }

    @Test
    void readWhenUpstreamMissingThenProblemAtRoute() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                """);

        assertThat(problems).singleElement().satisfies(at(3, 5, "route 'posts' is missing required key 'upstream'"));
    }

    @Test
    void readWhenMethodKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    methods:
                      DELET: IsAdminUser
                """);

        assertThat(problems).singleElement()
                .satisfies(at(7, 7, "unknown key 'DELET' in methods (did you mean 'DELETE'?)"));
    }

    @Test
    void readWhenMethodKeyLowerCaseThenUnknownKeyWithUpperCaseSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    methods:
                      delete: IsAdminUser
                """);

        assertThat(problems).singleElement().satisfies(at(7, 7, "unknown key 'delete' in methods (did you mean 'DELETE'?)"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TRACE", "CONNECT", "PROPFIND"})
    void readWhenMethodKeyNotRoutedThenUnknownKey(String method) {
        List<Problem> problems = problemsOf("""
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    methods:
                      %s: AllowAny
                """.formatted(method));

        assertThat(problems).singleElement().satisfies(at(7, 7, "unknown key '" + method + "' in methods"));
    }

    @Test
    void readWhenAlgorithmUnknownThenProblemAtAlgorithm() {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  algorithm: none
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 14, "algorithm must be HS256, RS256 or ES256, not 'none'"));
    }

    @Test
    void readWhenStoreFailureUnknownThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle:
                  store_failure: open
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 18, "store_failure must be local, allow or deny, not 'open'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fast", "500", "0ms", "0s", "31s", "1m", "1.5s", "-1s"})
    void readWhenStoreTimeoutIsNotADurationFrom1msTo30sThenProblemAtValue(String value) {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle:
                  store_failure: local
                  store_timeout: %s
                routes: []
                """.formatted(value));

        assertThat(problems).singleElement().satisfies(at(4, 18,
                "bad store_timeout '" + value + "': expected a duration from 1ms to 30s, as 500ms"));
    }

    @Test
    void readWhenThrottleKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle:
                  store_timout: 1s
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 3, "did you mean 'store_timeout'?"));
    }

    @Test
    void readWhenHeaderPrefixMalformedThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                identity:
                  header_prefix: X-Auth
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 18, "header_prefix must be letters, digits and '-', ending in '-'"));
    }

    @Test
    void readWhenHeaderPrefixNullThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                identity:
                  header_prefix: null
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 18, "'header_prefix' must be a single value"));
    }

    @Test
    void readWhenNumProxiesNegativeThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                clients:
                  num_proxies: -1
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 16, "'num_proxies' must be a whole number"));
    }

    @Test
    void readWhenFlagNotBooleanThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  cookies: sometimes
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 12, "'cookies' must be true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})
    void readWhenYamlTrueSpellingThenFlagIsTrue(String spelling) {
        Policy policy = policyOf("""
                version: 1
                tokens:
                  cookies: %s
                routes: []
                """.formatted(spelling));

        assertThat(policy.tokens().cookies()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})
    void readWhenYamlFalseSpellingThenFlagIsFalse(String spelling) {
        Policy policy = policyOf("""
                version: 1
                tokens:
                  blacklist_after_rotation: %s
                routes: []
                """.formatted(spelling));

        assertThat(policy.tokens().blacklistAfterRotation()).isFalse();
    }

    @Test
    void readWhenBoolTagOnANonBooleanThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                tokens:
                  cookies: !!bool maybe
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 12, "'cookies' must be true or false"));
    }

    @Test
    void readWhenThrottleScopeNameHasBadCharactersThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  "my scope": 10/minute
                routes: []
                """);

        assertThat(problems).singleElement().satisfies(at(3, 15, "throttle scope name 'my scope' must be letters"));
    }

    // ---- every problem at once

    @Test
    void readWhenThreeErrorsThenThreeProblemsInFileOrder() {
        List<Problem> problems = problemsOf("""
                version: 1
                throttle_rates:
                  anon: 100/hr
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                    permision: AllowAny
                  - id: posts
                    path: /api/comments/**
                    upstream: http://legacy-blog:8080
                """);

        assertThat(problems).satisfiesExactly(
                at(3, 9, "bad rate '100/hr'"),
                at(8, 5, "unknown key 'permision'"),
                at(9, 9, "duplicate route id 'posts'"));
    }

    @Test
    void readWhenAnyProblemThenNoPolicy() {
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = PolicyReader.read(FILE, """
                version: 1
                routes:
                  - id: posts
                    path: /api/posts/**
                    upstream: http://legacy-blog:8080
                  - id: broken
                    path: /api/broken/**
                    upstream: ftp://nowhere
                """, problems);

        assertThat(policy).isEmpty();
    }

    @Test
    void readWhenProblemsAlreadyCollectedThenOnlyNewProblemsDecide() {
        List<Problem> problems = new ArrayList<>(List.of(new Problem("users.yaml", 1, 1, "earlier")));

        Optional<Policy> policy = PolicyReader.read(FILE, """
                version: 1
                routes: []
                """, problems);

        assertThat(policy).isPresent();
    }

    @Test
    void problemWhenPrintedThenFileLineColumnMessage() {
        assertThat(new Problem(FILE, 3, 9, "bad rate")).hasToString("policy.yaml:3:9: bad rate");
    }
}
