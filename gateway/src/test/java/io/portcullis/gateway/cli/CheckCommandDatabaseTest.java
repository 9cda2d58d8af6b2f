package io.portcullis.gateway.cli;

import io.portcullis.gateway.support.DjangoDatabase;
import io.portcullis.gateway.support.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} with {@code users.source: sql} connects and says what it found: users counted, tables missing, unreachable. */
class CheckCommandDatabaseTest {

    static DjangoDatabase database;

    private final StringWriter out = new StringWriter();

    @BeforeAll
    static void djangoDatabase() {
        database = DjangoDatabase.create(DjangoDatabase.POSTGRES_SERVER);
        database.apply(Map.of("op", "user", "username", "ann", "password", "pw"),
                Map.of("op", "user", "username", "ben", "password", "pw"), Map.of("op", "token", "username", "ann"));
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    private int check(Path dir, String url) throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), """
                version: 1
                users: { source: sql, database_url_env: USERS_DB }
                routes: []
                """);
        Files.writeString(dir.resolve("users.yaml"), "api_keys: []\n");
        CommandLine cli = new CommandLine(new CheckCommand(Map.of("USERS_DB", url)::get));
        cli.setOut(new PrintWriter(out));
        return cli.execute(dir.toString());
    }

    @Test
    void checkWhenDjangoDatabaseThenUsersCountedAndExitZero(@TempDir Path dir) throws IOException {
        int exit = check(dir, database.url());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains(": 2 users (schema django), 1 DRF tokens");
    }

    /** deploy/postgres/readonly.sql, run as README says: the role it makes reads the users and can write nothing. */
    @Test
    void checkWhenReadingWithTheReadOnlyRoleThenUsersCountedAndTheRoleCannotWrite(@TempDir Path dir) throws Exception {
        String role = "portcullis_reader_" + Long.toHexString(System.nanoTime());
        String name = database.url().substring(database.url().lastIndexOf('/') + 1);
        try {
            assertThat(psql("postgres", name, "-v", "reader=" + role, "-v", "reader_password=reader-pw",
                    "-f", DjangoDatabase.repository().resolve("deploy/postgres/readonly.sql").toString())).isZero();

            int exit = check(dir, "postgres://" + role + ":reader-pw@127.0.0.1:5432/" + name);

            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains(": 2 users (schema django)");
            assertThat(psql(role, name, "-c", "UPDATE auth_user SET is_staff = true")).isNotZero();
        } finally {
            psql("postgres", name, "-c", "DROP OWNED BY " + role);
            psql("postgres", "postgres", "-c", "DROP ROLE IF EXISTS " + role);
        }
    }

    private static int psql(String user, String databaseName, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-U", user, "-d", databaseName));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PGPASSWORD", "reader-pw");
        Process process = builder.start();
        return process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Test
    void checkWhenDjangoTablesMissingThenNamesThemAndExitOne(@TempDir Path dir) throws IOException {
        int exit = check(dir, DjangoDatabase.POSTGRES_SERVER + "postgres");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("tables missing: auth_user, auth_group, auth_user_groups");
    }

    @Test
    void checkWhenDatabaseUnreachableThenSaysSoAndExitOne(@TempDir Path dir) throws IOException {
        int exit = check(dir, "postgres://reader:secret@127.0.0.1:" + FreePort.find() + "/legacy");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("postgres://reader@127.0.0.1:", "database unreachable").doesNotContain("secret");
    }
}
