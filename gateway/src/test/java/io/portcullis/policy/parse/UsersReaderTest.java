package io.portcullis.policy.parse;

import io.portcullis.policy.model.ApiKey;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class UsersReaderTest {

    private static final String FILE = "users.yaml";
    private static final String HASH = "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    private static final String KEY_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static List<Problem> problemsOf(String text) {
        List<Problem> problems = new ArrayList<>();
        UsersReader.read(FILE, text, problems);
        return problems;
    }

    private static Users usersOf(String text) {
        List<Problem> problems = new ArrayList<>();
        Optional<Users> users = UsersReader.read(FILE, text, problems);
        assertThat(problems).isEmpty();
        return users.orElseThrow();
    }

    private static Consumer<Problem> at(int line, int column, String messagePart) {
        return problem -> {
            assertThat(problem.file()).isEqualTo(FILE);
            assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
            assertThat(problem.column()).as("column of %s", problem).isEqualTo(column);
            assertThat(problem.message()).contains(messagePart);
        };
    }

    // ---- valid files

    @Test
    void readWhenDesignExampleThenUserWithEveryField() {
        Users users = usersOf("""
                users:
                  - username: alice
                    id: "1"                         # defaults to username
                    password: "%s"
                    roles: [editor]
                    admin: false
                    active: true
                    claims: { org: acme }
                api_keys:
                  - name: billing-batch
                    user: alice                     # the identity the key acts as
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256));

        assertThat(users.byUsername("alice"))
                .contains(new User("alice", "1", HASH, List.of("editor"), false, true, Map.of("org", "acme")));
    }

    @Test
    void readWhenDesignExampleThenApiKeyActsAsUser() {
        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: billing-batch
                    user: alice
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256));

        assertThat(users.apiKeys()).containsExactly(new ApiKey("billing-batch", "alice", KEY_SHA256));
    }

    @Test
    void readWhenKeyHashUpperCaseThenStoredLowerCase() {
        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: billing-batch
                    user: alice
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256.toUpperCase()));

        assertThat(users.apiKeys()).extracting(ApiKey::keySha256).containsExactly(KEY_SHA256);
    }

    @Test
    void readWhenIdAbsentThenIdIsUsername() {
        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                """.formatted(HASH));

        assertThat(users.byId("alice")).map(User::username).contains("alice");
    }

    @Test
    void readWhenOnlyUsernameAndPasswordThenActiveNonAdminWithoutRoles() {
        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                """.formatted(HASH));

        assertThat(users.byUsername("alice"))
                .contains(new User("alice", "alice", HASH, List.of(), false, true, Map.of()));
    }

    @Test
    void readWhenAdminIsYesThenAdmin() {
        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                    admin: yes
                """.formatted(HASH));

        assertThat(users.byUsername("alice")).map(User::admin).contains(true);
    }

    @Test
    void readWhenActiveIsOffThenInactive() {
        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                    active: off
                """.formatted(HASH));

        assertThat(users.byUsername("alice")).map(User::active).contains(false);
    }

    @Test
    void readWhenHashMadeByBcryptEncoderThenAccepted() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("pw");

        Users users = usersOf("""
                users:
                  - username: alice
                    password: "%s"
                """.formatted(hash));

        assertThat(users.byUsername("alice")).map(User::passwordHash).contains(hash);
    }

    @Test
    void readWhenUsersListedThenAllKeepFileOrder() {
        Users users = usersOf("""
                users:
                  - username: carol
                    password: "%1$s"
                  - username: alice
                    password: "%1$s"
                  - username: bob
                    password: "%1$s"
                """.formatted(HASH));

        assertThat(users.all()).extracting(User::username).containsExactly("carol", "alice", "bob");
    }

    @Test
    void readWhenNoApiKeysSectionThenNoKeys() {
        Users users = usersOf("""
                users: []
                """);

        assertThat(users.apiKeys()).isEmpty();
    }

    @Test
    void toStringWhenUserPrintedThenNoPasswordHash() {
        User user = new User("alice", "1", HASH, List.of(), false, true, Map.of());

        assertThat(user.toString()).doesNotContain("bcrypt").doesNotContain("N9qo8");
    }

    @Test
    void toStringWhenApiKeyPrintedThenNoHash() {
        assertThat(new ApiKey("batch", "alice", KEY_SHA256).toString()).doesNotContain(KEY_SHA256);
    }

    // ---- one test per validation rule, each with line and column

    @Test
    void readWhenPasswordKeyMissingThenProblemAtUser() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    roles: [editor]
                """);

        assertThat(problems).singleElement().satisfies(at(2, 5,
                "user 'alice' has no password hash; make one with: java -jar portcullis.jar hash-password"));
    }

    @Test
    void readWhenPasswordNullThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: null
                """);

        assertThat(problems).singleElement().satisfies(at(3, 15, "user 'alice' has no password hash"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{noop}pw", "{MD5}5f4dcc3b5aa765d61d8327deb882cf99", "{sha256}abc", "{}pw",
            "{bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "{BCRYPT}x"})
    void readWhenPasswordNotAnAcceptedHashThenProblemAtValue(String password) {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                """.formatted(password));

        assertThat(problems).singleElement()
                .satisfies(at(3, 16, "user 'alice': password must be a hash as {bcrypt}$2a$10$..."));
    }

    @Test
    void readWhenPasswordIsPlainTextThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: hunter2
                """);

        assertThat(problems).singleElement().satisfies(at(3, 15, "password must be a hash"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{bcrypt}pw", "{bcrypt}$2a$10$short", "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhW",
            "{bcrypt}$2x$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
            "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhW!"})
    void readWhenBcryptHashMalformedThenProblemAtValue(String password) {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                """.formatted(password));

        assertThat(problems).singleElement().satisfies(at(3, 16, "user 'alice': not a well-formed bcrypt hash"));
    }

    @Test
    void readWhenDuplicateUsernameThenProblemAtSecondUsername() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    id: "1"
                    password: "%1$s"
                  - username: alice
                    id: "2"
                    password: "%1$s"
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(5, 15, "duplicate username 'alice'"));
    }

    @Test
    void readWhenDuplicateIdThenProblemAtSecondId() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    id: "1"
                    password: "%1$s"
                  - username: bob
                    id: "1"
                    password: "%1$s"
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(6, 10, "duplicate user id '1'"));
    }

    @Test
    void readWhenDefaultedIdCollidesWithExplicitIdThenProblemAtUsername() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    id: bob
                    password: "%1$s"
                  - username: bob
                    password: "%1$s"
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(5, 15, "duplicate user id 'bob'"));
    }

    @Test
    void readWhenUsernameMissingThenProblemAtUser() {
        List<Problem> problems = problemsOf("""
                users:
                  - id: "1"
                    password: "%s"
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(2, 5, "user is missing required key 'username'"));
    }

    @Test
    void readWhenUsernameBlankThenProblemAtUsername() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: " "
                    password: "%s"
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(2, 16, "username must not be blank"));
    }

    @Test
    void readWhenUserKeyMisspeltThenUnknownKeyWithSuggestion() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                    rolse: [editor]
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(4, 5, "unknown key 'rolse' in user (did you mean 'roles'?)"));
    }

    @Test
    void readWhenAdminNotBooleanThenProblemAtValue() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                    admin: "yes"
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(4, 13, "'admin' must be true or false"));
    }

    @Test
    void readWhenUsersKeyMissingThenProblemAtTopOfFile() {
        List<Problem> problems = problemsOf("""
                api_keys: []
                """);

        assertThat(problems).singleElement().satisfies(at(1, 1, "users.yaml is missing required key 'users'"));
    }

    @Test
    void readWhenApiKeyForUnknownUserThenProblemAtUser() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: billing-batch
                    user: alcie
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256));

        assertThat(problems).singleElement().satisfies(at(6, 11,
                "api key 'billing-batch' acts as unknown user 'alcie' (did you mean 'alice'?)"));
    }

    @Test
    void readWhenApiKeyActsAsUserIdRatherThanUsernameThenProblem() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    id: "1"
                    password: "%s"
                api_keys:
                  - name: billing-batch
                    user: "1"
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256));

        assertThat(problems).singleElement().satisfies(at(7, 12, "acts as unknown user '1'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9f86d0", "zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0800", "test", " "})
    void readWhenKeySha256NotSixtyFourHexDigitsThenProblemAtValue(String hash) {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: billing-batch
                    user: alice
                    key_sha256: "%s"
                """.formatted(HASH, hash));

        assertThat(problems).singleElement().satisfies(at(7, 18, "key_sha256 must be 64 hex digits"));
    }

    @Test
    void readWhenTwoApiKeysShareAHashThenProblemAtSecondHash() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: first
                    user: alice
                    key_sha256: "%s"
                  - name: second
                    user: alice
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256, KEY_SHA256.toUpperCase()));

        assertThat(problems).singleElement().satisfies(at(10, 18, "two api keys have the same key_sha256"));
    }

    @Test
    void readWhenTwoApiKeysShareANameThenProblemAtSecondName() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: batch
                    user: alice
                    key_sha256: "%s"
                  - name: batch
                    user: alice
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256, "a".repeat(64)));

        assertThat(problems).singleElement().satisfies(at(8, 11, "duplicate api key name 'batch'"));
    }

    @Test
    void readWhenApiKeyMissingHashThenProblemAtKey() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "%s"
                api_keys:
                  - name: batch
                    user: alice
                """.formatted(HASH));

        assertThat(problems).singleElement().satisfies(at(5, 5, "api key is missing required key 'key_sha256'"));
    }

    @Test
    void readWhenThreeErrorsThenThreeProblemsInFileOrder() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: "{noop}pw"
                  - username: bob
                    password: "%s"
                    admn: true
                api_keys:
                  - name: batch
                    user: carol
                    key_sha256: "%s"
                """.formatted(HASH, KEY_SHA256));

        assertThat(problems).satisfiesExactly(
                at(3, 16, "password must be a hash"),
                at(6, 5, "unknown key 'admn'"),
                at(9, 11, "unknown user 'carol'"));
    }

    @Test
    void readWhenAnyProblemThenNoUsers() {
        List<Problem> problems = new ArrayList<>();

        Optional<Users> users = UsersReader.read(FILE, """
                users:
                  - username: alice
                    password: "{noop}pw"
                """, problems);

        assertThat(users).isEmpty();
    }

    @Test
    void readWhenYamlSyntaxErrorThenProblemAtError() {
        List<Problem> problems = problemsOf("""
                users:
                  - username: alice
                    password: {bcrypt}$2a$10$x
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).startsWith("YAML syntax:");
        });
    }
}
