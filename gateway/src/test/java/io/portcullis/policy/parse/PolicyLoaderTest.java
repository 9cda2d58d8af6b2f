package io.portcullis.policy.parse;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.match.RouteMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicyLoaderTest {

    private static final String POLICY = """
            version: 1
            routes:
              - id: posts
                path: /api/posts/**
                upstream: http://legacy-blog:8080
                permission: IsAuthenticatedOrReadOnly
            """;
    private static final String USERS = """
            users:
              - username: alice
                password: "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
            """;

    @TempDir
    Path dir;

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }

    @Test
    void loadWhenDirectoryMissingThenExceptionNamesAbsoluteDirectory() {
        Path missing = dir.resolve("nowhere");

        PolicyDirectoryMissingException error = catchThrowableOfType(PolicyDirectoryMissingException.class,
                () -> PolicyLoader.load(missing));

        assertThat(error).hasMessageContaining("policy directory " + missing.toAbsolutePath().normalize() + " does not exist");
    }

    @Test
    void loadWhenRelativeDirectoryMissingThenExceptionNamesItsAbsolutePath() {
        Path relative = Path.of("no-such-policy-dir-for-tests");

        PolicyDirectoryMissingException error = catchThrowableOfType(PolicyDirectoryMissingException.class,
                () -> PolicyLoader.load(relative));

        assertThat(error).hasMessageContaining(relative.toAbsolutePath().normalize().toString());
    }

    @Test
    void loadWhenPathIsAFileThenDirectoryMissing() throws IOException {
        write("policy.yaml", POLICY);

        PolicyDirectoryMissingException error = catchThrowableOfType(PolicyDirectoryMissingException.class,
                () -> PolicyLoader.load(dir.resolve("policy.yaml")));

        assertThat(error).isNotNull();
    }

    @Test
    void loadWhenValidDirectoryThenSnapshotWithPolicyAndUsers() throws Exception {
        write("policy.yaml", POLICY);
        write("users.yaml", USERS);

        PolicySnapshot snapshot = PolicyLoader.load(dir);

        assertThat(snapshot.policy().routes()).extracting("id").containsExactly("posts");
        assertThat(snapshot.users().byUsername("alice")).isPresent();
    }

    @Test
    void loadWhenValidDirectoryThenRouteTableIsCompiled() throws Exception {
        write("policy.yaml", POLICY);
        write("users.yaml", USERS);

        PolicySnapshot snapshot = PolicyLoader.load(dir);

        assertThat(snapshot.routes().match("/api/posts/1")).map(RouteMatch::route).map(r -> r.id()).contains("posts");
    }

    @Test
    void loadWhenBothFilesInvalidThenProblemsOfBothReportedTogether() throws IOException {
        write("policy.yaml", POLICY.replace("permission:", "permision:"));
        write("users.yaml", USERS.replace("{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "{noop}pw"));

        InvalidPolicyException error = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.load(dir));

        assertThat(error.problems()).extracting(Problem::toString).satisfiesExactly(
                line -> assertThat(line).startsWith("policy.yaml:6:5: unknown key 'permision'"),
                line -> assertThat(line).startsWith("users.yaml:3:16: user 'alice': password must be a hash"));
    }

    @Test
    void loadWhenInvalidThenMessageHasOneLinePerProblem() throws IOException {
        write("policy.yaml", POLICY.replace("permission:", "permision:"));
        write("users.yaml", USERS.replace("alice", "\"\""));

        InvalidPolicyException error = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.load(dir));

        assertThat(error.getMessage().lines()).hasSize(error.problems().size()).hasSize(2);
    }

    @Test
    void loadWhenUsersFileMissingThenProblemNamesIt() throws IOException {
        write("policy.yaml", POLICY);

        InvalidPolicyException error = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.load(dir));

        assertThat(error.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("users.yaml");
            assertThat(problem.message()).startsWith("file not found in ");
        });
    }

    @Test
    void loadWhenBothFilesMissingThenTwoProblems() {
        InvalidPolicyException error = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.load(dir));

        assertThat(error.problems()).extracting(Problem::file).containsExactly("policy.yaml", "users.yaml");
    }

    @Test
    void loadWhenFileIsNotUtf8ThenProblem() throws IOException {
        Files.write(dir.resolve("policy.yaml"), new byte[] {'v', 'e', 'r', (byte) 0xC3, (byte) 0x28});
        write("users.yaml", USERS);

        InvalidPolicyException error = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.load(dir));

        assertThat(error.problems()).singleElement()
                .isEqualTo(new Problem("policy.yaml", 1, 1, "file is not UTF-8 text"));
    }
}
