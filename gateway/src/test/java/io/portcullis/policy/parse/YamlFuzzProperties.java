package io.portcullis.policy.parse;

import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Users;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class YamlFuzzProperties {

    private static final String POLICY_TEMPLATE = """
            version: 1
            authentication: [jwt, token]
            tokens:
              access_lifetime: 15m
              leeway: 30s
            identity:
              header_prefix: X-Auth-
            throttle_rates:
              anon: 100/hour
              burst: 10/second
            defaults:
              permission: IsAuthenticated
              throttle: [anon]
            routes:
              - id: posts
                path: /api/posts/{id}/**
                upstream: http://legacy-blog:8080
                permission: IsOwner(id) | ReadOnly
                methods:
                  DELETE: IsAdminUser
                throttle: [burst]
            issuers:
              - id: sso
                issuer: https://sso.example.com
                discovery: true
                jwks_refresh: 7m
                algorithms: [RS256, ES256]
                user_claim: sub
                users: claims
                claims: { username: preferred_username, roles: realm_access.roles, admin_role: admin }
            """;
    /** The scalar values of the template, each of which the fuzzer replaces by arbitrary text. */
    private static final List<String> POLICY_VALUES = List.of("1", "[jwt, token]", "15m", "30s", "X-Auth-", "100/hour",
            "10/second", "IsAuthenticated", "[anon]", "posts", "/api/posts/{id}/**", "http://legacy-blog:8080",
            "IsOwner(id) | ReadOnly", "IsAdminUser", "[burst]", "https://sso.example.com", "7m", "[RS256, ES256]", "sub",
            "claims", "realm_access.roles", "preferred_username");

    private static final String USERS_TEMPLATE = """
            users:
              - username: alice
                id: "1"
                password: "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
                roles: [editor]
                admin: false
                claims: { org: acme }
            api_keys:
              - name: batch
                user: alice
                key_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            """;
    private static final List<String> USERS_VALUES = List.of("alice", "\"1\"", "[editor]", "false", "{ org: acme }",
            "batch", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    @Property(tries = 500)
    void anyStringIsAPolicyOrProblems(@ForAll("yamlish") String text) {
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = PolicyReader.read("policy.yaml", text, problems);

        assertThat(policy.isPresent()).isNotEqualTo(!problems.isEmpty());
    }

    @Property(tries = 300)
    void anyUnicodeStringIsAPolicyOrProblems(@ForAll String text) {
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = PolicyReader.read("policy.yaml", text, problems);

        assertThat(policy.isPresent()).isNotEqualTo(!problems.isEmpty());
    }

    @Property(tries = 500)
    void anyValueInAValidPolicyIsAPolicyOrProblems(@ForAll("policyValues") String value,
                                                   @ForAll("replacements") String replacement) {
        String text = POLICY_TEMPLATE.replace(value, replacement);
        List<Problem> problems = new ArrayList<>();

        Optional<Policy> policy = PolicyReader.read("policy.yaml", text, problems);

        assertThat(policy.isPresent()).isNotEqualTo(!problems.isEmpty());
    }

    @Property(tries = 300)
    void anyValueInValidUsersIsUsersOrProblems(@ForAll("usersValues") String value,
                                               @ForAll("replacements") String replacement) {
        String text = USERS_TEMPLATE.replace(value, replacement);
        List<Problem> problems = new ArrayList<>();

        Optional<Users> users = UsersReader.read("users.yaml", text, problems);

        assertThat(users.isPresent()).isNotEqualTo(!problems.isEmpty());
    }

    @Property(tries = 300)
    void anyStringIsUsersOrProblems(@ForAll("yamlish") String text) {
        List<Problem> problems = new ArrayList<>();

        Optional<Users> users = UsersReader.read("users.yaml", text, problems);

        assertThat(users.isPresent()).isNotEqualTo(!problems.isEmpty());
    }

    @Property(tries = 300)
    void everyProblemHasAPositiveLineAndColumn(@ForAll("policyValues") String value,
                                               @ForAll("replacements") String replacement) {
        List<Problem> problems = new ArrayList<>();

        PolicyReader.read("policy.yaml", POLICY_TEMPLATE.replace(value, replacement), problems);

        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.line()).isPositive();
            assertThat(problem.column()).isPositive();
            assertThat(problem.file()).isEqualTo("policy.yaml");
        });
    }

    @Property(tries = 500)
    void everyProblemPointsInsideTheFile(@ForAll("policyValues") String value,
                                         @ForAll("replacements") String replacement) {
        String text = POLICY_TEMPLATE.replace(value, replacement);
        List<String> lines = List.of(text.split("\r\n|[\r\n\u0085\u2028\u2029]", -1));
        List<Problem> problems = new ArrayList<>();

        PolicyReader.read("policy.yaml", text, problems);

        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.line()).isBetween(1, lines.size());
            assertThat(problem.column()).isBetween(1, lines.get(problem.line() - 1).codePointCount(0,
                    lines.get(problem.line() - 1).length()) + 1);
        });
    }

    @Property(tries = 1)
    void templatesAreValid() {
        assertThat(PolicyReader.read("policy.yaml", POLICY_TEMPLATE, new ArrayList<>())).isPresent();
        assertThat(UsersReader.read("users.yaml", USERS_TEMPLATE, new ArrayList<>())).isPresent();
    }

    @Provide
    Arbitrary<String> policyValues() {
        return Arbitraries.of(POLICY_VALUES);
    }

    @Provide
    Arbitrary<String> usersValues() {
        return Arbitraries.of(USERS_VALUES);
    }

    @Provide
    Arbitrary<String> replacements() {
        Arbitrary<String> fragments = Arbitraries.of("", " ", "~", "null", "[]", "{}", "[a, b]", "{a: b}", "&x", "*x",
                "&x [*x]", "!!binary AAAA", "!!int 1", "\"", "'", "\"quoted\"", "- a", "|", ">", "#", ":", ": ", "%",
                "%2F", "/", "/**", "/{", "{id}", "{*rest}", "(", ")", "~", "&", "|", "IsOwner(x)", "HasRole(",
                "http://", "http://h:99999", "http://[::1", "1", "-1", "0", "99999999999999999999", "1.5", "0x10",
                "15m", "0s", "100/hour", "0/s", "true", "yes", "\n", "\n  - ", "\t", "\u0000", "\u00e9", "\uD83D\uDE00",
                "\uFEFF", "\u2028", "<<: *x", "? a", "---", "...", "IsAdmn", "\n      | IsAdmn", " |\n  x",
                "\"IsAuthenticated |\n  IsAdmn\"", ">-\n      ReadOnly\n        | IsAdmn", "(ReadOnly\n      | x");
        return Arbitraries.oneOf(List.of(
                fragments.list().ofMaxSize(6).map(parts -> String.join("", parts)),
                Arbitraries.strings().ofMaxLength(20)));
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> tokens = Arbitraries.of("version", "routes", "users", "api_keys", "tokens", "id", "path",
                "paths", "upstream", "permission", "methods", "throttle", "username", "password", ":", ": ", "- ", "\n",
                "  ", "[", "]", "{", "}", ",", "\"", "'", "1", "null", "~", "&a ", "*a", "!!str ", "#", "|", ">",
                "/api/**", "http://x", "IsAuthenticated", "DELETE", "---\n", "%YAML 1.1\n", "\t", "\u0000", "\uFFFE");
        return Arbitraries.oneOf(List.of(
                tokens.list().ofMaxSize(40).map(parts -> String.join("", parts)),
                Arbitraries.strings().ofMaxLength(60)));
    }
}
