package io.portcullis.gateway.cli;

import io.portcullis.gateway.authn.ApiKeyAuthenticator;
import io.portcullis.gateway.authn.Credential;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.ApiKey;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.parse.Problem;
import io.portcullis.policy.parse.UsersReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyCommandTest {

    private static final String USERS = """
            users:
              - username: alice
                id: "1"
                password: "{bcrypt}$2a$10$a4BDQajU6PwPPLAv1I5XOec4/TQWWCH/91wpHf1wXBn4bL5D6m8oW"
            api_keys:
              - name: existing
                user: alice
                key_sha256: "820317dbf16a874ddf5a31fb7a61833675052847598407bb24dd263eae692bf5"
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeUsers() throws IOException {
        Files.writeString(dir.resolve("users.yaml"), USERS);
    }

    private int create(String name, String user) {
        return run("apikey", "create", "--name", name, "--user", user, "--policy-dir", dir.toString());
    }

    private int run(String... args) {
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private String printedKey() {
        return out.toString().lines().toList().get(1);
    }

    private String printedEntry() {
        return String.join("\n", out.toString().lines().filter(line -> line.startsWith("  ")).toList()) + "\n";
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<Users> usersWithPrintedEntry(List<Problem> problems) {
        return UsersReader.read("users.yaml", USERS + printedEntry(), problems);
    }

    @Test
    void createWhenUserExistsThenPrintsAHighEntropyKeyOnce() {
        assertThat(create("billing-batch", "alice")).isZero();

        assertThat(printedKey()).matches("pk_[A-Za-z0-9_-]{43}");
        assertThat(out.toString().split(printedKey(), -1)).hasSize(2);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void createWhenKeyPrintedThenItsSha256IsThePrintedKeySha256() throws Exception {
        create("billing-batch", "alice");

        assertThat(printedEntry()).contains("key_sha256: \"" + sha256(printedKey()) + "\"");
    }

    @Test
    void createWhenEntryPastedIntoUsersYamlThenUsersReaderAcceptsIt() throws Exception {
        create("billing-batch", "alice");
        List<Problem> problems = new ArrayList<>();

        Optional<Users> users = usersWithPrintedEntry(problems);

        assertThat(problems).isEmpty();
        assertThat(users.orElseThrow().apiKeys()).contains(new ApiKey("billing-batch", "alice", sha256(printedKey())));
    }

    @Test
    void createWhenEntryPastedThenTheKeyAuthenticatesAsTheUser() throws Exception {
        create("billing-batch", "alice");
        Files.writeString(dir.resolve("users.yaml"), USERS + printedEntry());
        Files.copy(Path.of("../policy/policy.yaml"), dir.resolve("policy.yaml"));
        PolicySnapshot snapshot = PolicyLoader.load(dir);

        Identity identity = new ApiKeyAuthenticator(io.portcullis.gateway.users.UserStores.yamlOnly())
                .verify(new Credential(ApiKeyAuthenticator.SCHEME, null, printedKey()), snapshot).block();

        assertThat(identity.username()).isEqualTo("alice");
    }

    @Test
    void createWhenNameLooksLikeAnotherYamlTypeThenReadBackAsTheSameString() {
        create("yes", "alice");
        List<Problem> problems = new ArrayList<>();

        assertThat(usersWithPrintedEntry(problems).orElseThrow().apiKeys()).extracting(ApiKey::name).contains("yes");
    }

    @Test
    void createWhenNameHasQuotesAndBackslashesThenReadBackAsTheSameString() {
        create("ops \"nightly\" \\ job: 2", "alice");
        List<Problem> problems = new ArrayList<>();

        assertThat(usersWithPrintedEntry(problems).orElseThrow().apiKeys()).extracting(ApiKey::name)
                .contains("ops \"nightly\" \\ job: 2");
    }

    @Test
    void createWhenTwiceThenDifferentKeys() {
        create("a", "alice");
        String first = printedKey();
        out.getBuffer().setLength(0);
        create("b", "alice");

        assertThat(printedKey()).isNotEqualTo(first);
    }

    @Test
    void createWhenUserUnknownThenExitOneWithSuggestionAndNoKey() {
        assertThat(create("billing-batch", "alcie")).isEqualTo(1);

        assertThat(err.toString()).contains("no user 'alcie'").contains("(did you mean 'alice'?)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void createWhenNameAlreadyUsedThenExitOne() {
        assertThat(create("existing", "alice")).isEqualTo(1);

        assertThat(err.toString()).contains("an api key named 'existing' is already in");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void createWhenNameHasControlCharactersOrOuterSpacesOrIsBlankThenExitOne() {
        assertThat(create("line\nbreak", "alice")).isEqualTo(1);
        assertThat(create(" padded", "alice")).isEqualTo(1);
        assertThat(create(" ", "alice")).isEqualTo(1);
        assertThat(create("x".repeat(101), "alice")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("--name must be 1 to 100 characters");
    }

    @Test
    void createWhenUsersYamlInvalidThenExitOneNamingIt() throws IOException {
        Files.writeString(dir.resolve("users.yaml"), "users: [");

        assertThat(create("billing-batch", "alice")).isEqualTo(1);
        assertThat(err.toString()).contains("users.yaml is not valid");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void createWhenNoUsersYamlThenKeyWithANote() throws IOException {
        Files.delete(dir.resolve("users.yaml"));

        assertThat(create("billing-batch", "alice")).isZero();
        assertThat(err.toString()).startsWith("note: ").contains("not checked");
        assertThat(printedKey()).startsWith("pk_");
    }

    @Test
    void createWhenNameMissingThenUsageErrorExitTwo() {
        assertThat(run("apikey", "create", "--user", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("--name");
    }
}
