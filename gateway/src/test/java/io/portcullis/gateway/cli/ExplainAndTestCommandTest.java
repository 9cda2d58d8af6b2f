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

class ExplainAndTestCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void explainWhenMethodRuleDecidesThenPrintsRouteRuleOperandsAndAnswer() {
        int exit = run("explain", "--method", "DELETE", "--path", "/api/posts/1", "--user", "alice", "--policy-dir", "../policy");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("route   posts [/api/posts/**]")
                .contains("user    alice (id 1, roles [editor], admin false)")
                .contains("rule    methods.DELETE: IsAdminUser | HasRole(editor) -> granted")
                .contains("IsAdminUser -> false")
                .contains("HasRole(editor) -> true")
                .contains("throttle ")
                .contains("answer  200: forwarded to http://127.0.0.1:9090");
    }

    @Test
    void explainWhenAnonymousDeniedThenAnswer401() {
        run("explain", "--method", "GET", "--path", "/api/users/2/profile", "--anonymous", "--policy-dir", "../policy");

        assertThat(out.toString()).contains("user    anonymous").contains("answer  401: not_authenticated");
    }

    @Test
    void explainWhenPathClimbsThenShowsTheResolvedPath() {
        run("explain", "--method", "GET", "--path", "/api/posts/../admin/x", "--user", "bob", "--policy-dir", "../policy");

        assertThat(out.toString()).contains("path    /api/posts/../admin/x -> /api/admin/x").contains("route   admin");
    }

    @Test
    void explainWhenTokenOfNoIssuerThenSaysWhyItIsRefused(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("../policy/users.yaml"), dir.resolve("users.yaml"));
        Files.writeString(dir.resolve("policy.yaml"), """
                version: 1
                routes:
                  - id: all
                    path: /**
                    upstream: http://legacy:8080
                issuers:
                  - id: sso
                    issuer: https://sso.example.com
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                    users: claims
                """);
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V2aWwuZXhhbXBsZSIsInN1YiI6IjEifQ.c2ln";

        int exit = run("explain", "--method", "GET", "--path", "/x", "--token", token, "--policy-dir", dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("route   all [/**]")
                .contains("token   refused before verification: token_unknown_issuer");
    }

    @Test
    void testWhenExampleCasesThenAllPassAndExitZero() {
        int exit = run("test", "--policy-dir", "../policy");

        assertThat(out.toString().lines().reduce((a, b) -> b)).contains("18 passed, 0 failed");
        assertThat(exit).isZero();
    }

    @Test
    void testWhenACaseFailsThenOneLinePerFailureAndExitOne(@TempDir Path dir) throws IOException {
        Path cases = dir.resolve("cases.yaml");
        Files.writeString(cases, """
                cases:
                  - name: bob is no admin
                    request: GET /api/admin/x
                    as: bob
                    expect: 200
                  - name: health is open
                    request: GET /api/health
                    expect: 200
                """);

        int exit = run("test", cases.toString(), "--policy-dir", "../policy");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                "FAIL cases.yaml:2 bob is no admin: GET /api/admin/x as bob: expected 200, got 403 (permission_denied)",
                "1 passed, 1 failed");
    }

    @Test
    void testWhenCasesFileInvalidThenProblemsWithPositions(@TempDir Path dir) throws IOException {
        Path cases = dir.resolve("cases.yaml");
        Files.writeString(cases, """
                cases:
                  - name: no method
                    request: /api/health
                    expect: 200
                """);

        assertThat(run("test", cases.toString(), "--policy-dir", "../policy")).isEqualTo(1);
        assertThat(err.toString()).contains("cases.yaml:3:14: request must be 'METHOD /path'");
    }
}
