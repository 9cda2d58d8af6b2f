package io.portcullis.gateway.cli;

import io.portcullis.policy.parse.Problem;
import io.portcullis.policy.parse.UsersReader;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HashPasswordCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int hash(String stdin) {
        CommandLine cli = new CommandLine(new HashPasswordCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute();
    }

    private String printedHash() {
        assertThat(out.toString().lines()).hasSize(1);
        return out.toString().strip();
    }

    @Test
    void hashPasswordWhenPasswordOnStdinThenPrintsMatchingBcryptValue() {
        int exit = hash("correct horse battery staple\n");

        assertThat(exit).isZero();
        String hash = printedHash();
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(new BCryptPasswordEncoder().matches("correct horse battery staple", hash.substring(8))).isTrue();
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("correct horse battery staple", hash))
                .isTrue();
        assertThat(out.toString() + err).doesNotContain("correct horse");
    }

    @Test
    void hashPasswordWhenPrintedValuePastedIntoUsersYamlThenAccepted() {
        hash("s3cret-Pa55\n");
        List<Problem> problems = new ArrayList<>();

        var users = UsersReader.read("users.yaml", "users:\n  - username: dave\n    password: \"" + printedHash() + "\"\n",
                problems);

        assertThat(problems).isEmpty();
        assertThat(users).hasValueSatisfying(u -> assertThat(u.byUsername("dave")).isPresent());
    }

    @Test
    void hashPasswordWhenNoLineEndThenSameAsWithOne() {
        hash("no-newline");

        assertThat(new BCryptPasswordEncoder().matches("no-newline", printedHash().substring(8))).isTrue();
    }

    @Test
    void hashPasswordWhenWindowsLineEndThenNotPartOfThePassword() {
        hash("pw-crlf\r\n");

        assertThat(new BCryptPasswordEncoder().matches("pw-crlf", printedHash().substring(8))).isTrue();
    }

    @Test
    void hashPasswordWhenSpacesAroundThenKept() {
        hash(" padded \n");

        assertThat(new BCryptPasswordEncoder().matches(" padded ", printedHash().substring(8))).isTrue();
    }

    @Test
    void hashPasswordWhenSamePasswordTwiceThenDifferentSalts() {
        hash("same\n");
        String first = printedHash();
        out.getBuffer().setLength(0);
        hash("same\n");

        assertThat(printedHash()).isNotEqualTo(first);
    }

    @Test
    void hashPasswordWhenEmptyLineThenRefusedWithExitOne() {
        assertThat(hash("\n")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("no password on standard input");
    }

    @Test
    void hashPasswordWhenNoInputThenRefusedWithExitOne() {
        assertThat(hash("")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void hashPasswordWhenLongerThanBcryptReadsThenRefused() {
        assertThat(hash("x".repeat(73) + "\n")).isEqualTo(1);
        assertThat(err.toString()).contains("longer than 72 bytes");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void cliWhenHashPasswordOrApikeyThenHandledWithoutStartingTheGateway() {
        assertThat(Cli.handles(new String[]{"hash-password"})).isTrue();
        assertThat(Cli.handles(new String[]{"apikey", "create"})).isTrue();
        assertThat(Cli.commandLine().getSubcommands()).containsKeys("hash-password", "apikey");
    }
}
