package io.portcullis.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    private final StringWriter out = new StringWriter();

    private int check(String... args) {
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        String[] full = new String[args.length + 1];
        full[0] = "check";
        System.arraycopy(args, 0, full, 1, args.length);
        return cli.execute(full);
    }

    @Test
    void checkWhenExamplePolicyThenExitZero() {
        assertThat(check("../policy")).isZero();
        assertThat(out.toString()).startsWith("OK: ");
    }

    @Test
    void checkWhenRedisUrlIsMalformedThenSaysWhyWithoutThePasswordAndExitOne() {
        assertThat(check("--redis-url", "redis+cluster://app:s3cret@h1:7000,h2:70x1", "../policy")).isEqualTo(1);
        assertThat(out.toString()).startsWith("REDIS_URL: malformed port").doesNotContain("s3cret").doesNotContain("OK");
    }

    @Test
    void checkWhenRedisUrlNamesASentinelGroupThenExitZero() {
        assertThat(check("--redis-url", "redis+sentinel://app:s3cret@s1:26379,s2:26379/0?master=main", "../policy")).isZero();
    }

    @Test
    void checkWhenProblemsThenEveryProblemAsFileLineColumnAndExitOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), """
                version: 1
                routes:
                  - id: a
                    path: /a/**
                    upstream: ftp://x
                    permission: IsAdmin
                """);
        Files.writeString(dir.resolve("users.yaml"), """
                users:
                  - username: bob
                """);

        int exit = check(dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                "policy.yaml:5:15: upstream 'ftp://x' must be an absolute http(s) URL with a host and no path, query or "
                        + "credentials, as http://legacy-blog:8080 (the request path is forwarded unchanged)",
                "policy.yaml:6:17: permission: unknown permission 'IsAdmin' (did you mean 'IsAdminUser'?)",
                "users.yaml:2:5: user 'bob' has no password hash; make one with: java -jar portcullis.jar hash-password");
    }

    @Test
    void checkWhenDirectoryMissingThenNamesItAndExitOne(@TempDir Path dir) {
        assertThat(check(dir.resolve("absent").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("absent").contains("does not exist");
    }
}
