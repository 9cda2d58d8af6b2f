package io.portcullis.policy.parse;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.ClaimNames;
import io.portcullis.policy.model.Issuer.Identities;
import io.portcullis.policy.model.Policy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** policy.yaml {@code issuers:} (DESIGN.md "External token issuers"): every rule with the line and column it reports. */
class IssuerReaderTest {

    private static final String FILE = "policy.yaml";
    private static final String SECRET = "a-django-signing-key-of-at-least-32-bytes";
    private static final EnvironmentVariables ENV = Map.of("DJANGO_JWT_SIGNING_KEY", SECRET, "SHORT_KEY", "short")::get;

    /** Line 1-8 are fixed; the issuers text starts on line 9 (so its first item's keys are at line 10, column 5). */
    private static String policy(String issuers) {
        return """
                version: 1
                tokens:
                  issuer: portcullis
                routes:
                  - id: all
                    path: /**
                    upstream: http://legacy:8080
                issuers:
                """ + issuers.stripIndent();
    }

    private static List<Problem> problemsOf(String issuers) {
        List<Problem> problems = new ArrayList<>();
        PolicyReader.read(FILE, policy(issuers), problems, ENV);
        return problems;
    }

    private static List<Issuer> issuersOf(String issuers) {
        List<Problem> problems = new ArrayList<>();
        Optional<Policy> policy = PolicyReader.read(FILE, policy(issuers), problems, ENV);
        assertThat(problems).isEmpty();
        return policy.orElseThrow().issuers();
    }

    private static Consumer<Problem> at(int line, int column, String messagePart) {
        return problem -> {
            assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
            assertThat(problem.column()).as("column of %s", problem).isEqualTo(column);
            assertThat(problem.message()).contains(messagePart);
        };
    }

    private static final String DJANGO = """
              - id: django
                issuer: null
                algorithms: [HS256]
                secret_env: DJANGO_JWT_SIGNING_KEY
                user_claim: user_id
                users: local
            """;

    @Test
    void readWhenDesignExampleThenBothIssuers() {
        List<Issuer> issuers = issuersOf(DJANGO + """
                  - id: sso
                    issuer: https://sso.example.com/realms/acme
                    discovery: true
                    audience: legacy-apis
                    algorithms: [RS256, ES256]
                    user_claim: sub
                    users: claims
                    claims: { username: preferred_username, roles: realm_access.roles, admin_role: admin }
                """);

        assertThat(issuers).containsExactly(
                new Issuer("django", null, List.of("HS256"), "DJANGO_JWT_SIGNING_KEY", null, false, false,
                        Duration.ofMinutes(5), null, "user_id", Identities.LOCAL, ClaimNames.NONE),
                new Issuer("sso", "https://sso.example.com/realms/acme", List.of("RS256", "ES256"), null, null, true,
                        false, Duration.ofMinutes(5), "legacy-apis", "sub", Identities.CLAIMS,
                        new ClaimNames("preferred_username", "realm_access.roles", "admin")));
    }

    @Test
    void readWhenJwksUrlAndRefreshThenKept() {
        List<Issuer> issuers = issuersOf("""
                  - id: idp
                    issuer: http://idp:8080
                    jwks_url: http://idp:8080/keys
                    allow_http: true
                    jwks_refresh: 1m
                    algorithms: [PS256]
                    user_claim: sub
                """);

        assertThat(issuers.get(0).jwksUrl()).isEqualTo(URI.create("http://idp:8080/keys"));
        assertThat(issuers.get(0).jwksRefresh()).isEqualTo(Duration.ofMinutes(1));
        assertThat(issuers.get(0).users()).isEqualTo(Identities.LOCAL);
    }

    @Test
    void readWhenNoIssuersThenEmpty() {
        List<Problem> problems = new ArrayList<>();
        Optional<Policy> policy = PolicyReader.read(FILE, policy("").replace("issuers:\n", "issuers: []\n"), problems, ENV);

        assertThat(policy.orElseThrow().issuers()).isEmpty();
    }

    @Test
    void readWhenUnknownKeyThenProblemWithSuggestion() {
        assertThat(problemsOf(DJANGO.replace("users: local", "user: local")))
                .singleElement().satisfies(at(14, 5, "unknown key 'user' in issuer (did you mean 'users'?)"));
    }

    @Test
    void readWhenUnknownClaimsKeyThenProblem() {
        assertThat(problemsOf("""
                  - id: sso
                    issuer: https://sso.example.com
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                    users: claims
                    claims: { usename: preferred_username }
                """)).singleElement().satisfies(at(15, 15, "unknown key 'usename' in claims (did you mean 'username'?)"));
    }

    @Test
    void readWhenDuplicateIdThenProblemAtSecondId() {
        assertThat(problemsOf(DJANGO + DJANGO.replace("issuer: null", "issuer: other")))
                .singleElement().satisfies(at(15, 9, "duplicate issuer id 'django'"));
    }

    @Test
    void readWhenIdIsTheGatewaysOwnThenProblem() {
        assertThat(problemsOf(DJANGO.replace("id: django", "id: portcullis")))
                .singleElement().satisfies(at(9, 9, "issuer id 'portcullis' is the gateway's own"));
    }

    @Test
    void readWhenHs256WithoutSecretEnvThenProblemAtIssuer() {
        assertThat(problemsOf(DJANGO.replace("    secret_env: DJANGO_JWT_SIGNING_KEY\n", "")))
                .singleElement().satisfies(at(9, 5, "issuer 'django' uses HS256 and needs secret_env"));
    }

    @Test
    void readWhenSecretEnvNotSetThenProblemAtSecretEnv() {
        assertThat(problemsOf(DJANGO.replace("DJANGO_JWT_SIGNING_KEY", "MISSING_KEY")))
                .singleElement().satisfies(at(12, 17, "environment variable MISSING_KEY (secret_env) is not set"));
    }

    @Test
    void readWhenSecretShorterThan32BytesThenProblem() {
        assertThat(problemsOf(DJANGO.replace("DJANGO_JWT_SIGNING_KEY", "SHORT_KEY")))
                .singleElement().satisfies(at(12, 17, "shorter than 32 bytes"));
    }

    @Test
    void readWhenSecretNeverAppearsInProblems() {
        assertThat(problemsOf(DJANGO.replace("DJANGO_JWT_SIGNING_KEY", "SHORT_KEY")))
                .allSatisfy(problem -> assertThat(problem.message()).doesNotContain("short\"").doesNotContain("'short'"));
    }

    @Test
    void readWhenTwoIssuersWithoutIssThenProblemAtSecond() {
        assertThat(problemsOf(DJANGO + DJANGO.replace("id: django", "id: legacy")))
                .singleElement().satisfies(at(16, 13, "issuer: null is already issuer 'django''s"));
    }

    @Test
    void readWhenTwoIssuersWithSameIssThenProblem() {
        String sso = """
                  - id: sso
                    issuer: https://sso.example.com
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                """;
        assertThat(problemsOf(sso + sso.replace("id: sso", "id: sso2")))
                .singleElement().satisfies(at(15, 13, "issuer 'https://sso.example.com' is already issuer 'sso''s"));
    }

    @Test
    void readWhenIssuerIsTheGatewaysOwnIssuerThenProblem() {
        assertThat(problemsOf(DJANGO.replace("issuer: null", "issuer: portcullis")))
                .singleElement().satisfies(at(10, 13, "issuer 'portcullis' is the gateway's own tokens.issuer"));
    }

    @Test
    void readWhenNullIssuerAndGatewayTokensCarryNoIssThenProblem() {
        List<Problem> problems = new ArrayList<>();
        PolicyReader.read(FILE, policy(DJANGO).replace("  issuer: portcullis", "  issuer: null"), problems, ENV);

        assertThat(problems).singleElement().satisfies(at(10, 13, "set tokens.issuer to tell them apart"));
    }

    @Test
    void readWhenJwksUrlIsHttpWithoutAllowHttpThenProblem() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: http://idp:8080
                    jwks_url: http://idp:8080/keys
                    algorithms: [RS256]
                    user_claim: sub
                """)).singleElement().satisfies(at(11, 15, "jwks_url uses http"));
    }

    @Test
    void readWhenDiscoveryIssuerIsHttpWithoutAllowHttpThenProblem() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: http://idp:8080
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                """)).singleElement().satisfies(at(10, 13, "issuer uses http"));
    }

    @Test
    void readWhenJwksUrlIsNotAUrlThenProblem() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: https://idp
                    jwks_url: /keys
                    algorithms: [RS256]
                    user_claim: sub
                """)).singleElement().satisfies(at(11, 15, "jwks_url must be an https URL"));
    }

    @Test
    void readWhenBothJwksUrlAndDiscoveryThenProblem() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: https://idp
                    jwks_url: https://idp/keys
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                """)).singleElement().satisfies(at(12, 16, "either jwks_url or discovery: true, not both"));
    }

    @Test
    void readWhenNeitherJwksUrlNorDiscoveryThenProblemAtIssuer() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: https://idp
                    algorithms: [ES256]
                    user_claim: sub
                """)).singleElement().satisfies(at(9, 5, "issuer 'idp' needs jwks_url, or discovery: true"));
    }

    @Test
    void readWhenDiscoveryWithoutIssThenProblem() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: null
                    discovery: true
                    algorithms: [ES256]
                    user_claim: sub
                """)).singleElement().satisfies(at(10, 13, "discovery: true needs the issuer's URL"));
    }

    @Test
    void readWhenUnknownAlgorithmThenProblemWithSuggestion() {
        assertThat(problemsOf(DJANGO.replace("[HS256]", "[HS256, hs512]")))
                .singleElement().satisfies(at(11, 25, "unknown algorithm 'hs512'"));
    }

    @Test
    void readWhenNoneAlgorithmThenProblem() {
        assertThat(problemsOf(DJANGO.replace("[HS256]", "[none]")))
                .first().satisfies(at(11, 18, "unknown algorithm 'none'"));
    }

    @Test
    void readWhenHs256MixedWithRs256ThenProblem() {
        assertThat(problemsOf(DJANGO.replace("[HS256]", "[HS256, RS256]")))
                .singleElement().satisfies(at(11, 25, "HS256 (a shared secret) cannot be mixed with public-key algorithms"));
    }

    @Test
    void readWhenNoAlgorithmsThenProblem() {
        assertThat(problemsOf(DJANGO.replace("[HS256]", "[]")))
                .singleElement().satisfies(at(11, 17, "algorithms must name at least one"));
    }

    @Test
    void readWhenSecretEnvOnPublicKeyIssuerThenProblem() {
        assertThat(problemsOf("""
                  - id: idp
                    issuer: https://idp
                    discovery: true
                    secret_env: DJANGO_JWT_SIGNING_KEY
                    algorithms: [RS256]
                    user_claim: sub
                """)).singleElement().satisfies(at(12, 17, "secret_env is for HS256"));
    }

    @Test
    void readWhenJwksUrlOnHs256IssuerThenProblem() {
        assertThat(problemsOf(DJANGO + "    jwks_url: https://idp/keys\n"))
                .singleElement().satisfies(at(15, 15, "jwks_url is for public-key algorithms"));
    }

    @Test
    void readWhenIssuerKeyMissingThenProblem() {
        assertThat(problemsOf(DJANGO.replace("    issuer: null\n", "")))
                .singleElement().satisfies(at(9, 5, "issuer 'django' is missing required key 'issuer'"));
    }

    @Test
    void readWhenUserClaimMissingThenProblem() {
        assertThat(problemsOf(DJANGO.replace("    user_claim: user_id\n", "")))
                .singleElement().satisfies(at(9, 5, "missing required key 'user_claim'"));
    }

    @Test
    void readWhenUsersUnknownThenProblem() {
        assertThat(problemsOf(DJANGO.replace("users: local", "users: ldap")))
                .singleElement().satisfies(at(14, 12, "users must be local (the user store) or claims"));
    }

    @Test
    void readWhenClaimsWithLocalUsersThenProblem() {
        assertThat(problemsOf(DJANGO + "    claims: { username: name }\n"))
                .singleElement().satisfies(at(15, 13, "claims: applies only with users: claims"));
    }

    @Test
    void readWhenAdminRoleWithoutRolesThenProblem() {
        assertThat(problemsOf("""
                  - id: sso
                    issuer: https://sso.example.com
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                    users: claims
                    claims: { admin_role: admin }
                """)).singleElement().satisfies(at(15, 27, "admin_role needs roles"));
    }

    @Test
    void readWhenJwksRefreshBelow30sThenProblem() {
        assertThat(problemsOf("""
                  - id: sso
                    issuer: https://sso.example.com
                    discovery: true
                    jwks_refresh: 5s
                    algorithms: [RS256]
                    user_claim: sub
                """)).singleElement().satisfies(at(12, 19, "bad jwks_refresh '5s'"));
    }

    @Test
    void readWhenIssuersIsNotAListThenProblem() {
        assertThat(problemsOf("  id: django\n")).singleElement().satisfies(at(9, 3, "'issuers' must be a list"));
    }
}
