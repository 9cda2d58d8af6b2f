package io.portcullis.policy.parse;

import io.portcullis.policy.model.Policy;
import io.portcullis.policy.users.DatabaseUrl;
import io.portcullis.policy.users.UserQueries;
import io.portcullis.policy.users.UserSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code users:} in policy.yaml: every rule reported with its line and column, the URL read from the environment. */
class UserSourceReaderTest {

    private static final String HEAD = """
            version: 1
            routes: []
            """;
    private static final Map<String, String> ENV = Map.of(
            "DB_URL", "postgres://reader:s3cret@db.internal:5433/legacy",
            "MARIA_URL", "mysql://root@127.0.0.1/app",
            "WEB_URL", "http://reader:s3cret@db.internal/legacy");

    private final List<Problem> problems = new ArrayList<>();

    private Optional<Policy> read(String users) {
        return PolicyReader.read("policy.yaml", HEAD + users, problems, ENV::get);
    }

    @Test
    void readWhenUsersAbsentThenUsersYaml() {
        assertThat(read("").orElseThrow().users()).isEqualTo(UserSource.YAML);
    }

    @Test
    void readWhenDjangoDatabaseThenUrlFromEnvironmentAndDefaults() {
        UserSource source = read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                """).orElseThrow().users();

        assertThat(source.kind()).isEqualTo(UserSource.Kind.SQL);
        assertThat(source.url()).isEqualTo(new DatabaseUrl(DatabaseUrl.Dialect.POSTGRES, "db.internal", 5433, "legacy", "reader", "s3cret"));
        assertThat(source.schema()).isEqualTo(UserSource.Schema.DJANGO);
        assertThat(source.cache()).isEqualTo(Duration.ofSeconds(30));
        assertThat(source.queries()).isEqualTo(UserQueries.DJANGO);
    }

    @Test
    void readWhenMysqlUrlWithoutPortThenMysqlDefaultPort() {
        UserSource source = read("""
                users: { source: sql, database_url_env: MARIA_URL, cache: 5s }
                """).orElseThrow().users();

        assertThat(source.url()).isEqualTo(new DatabaseUrl(DatabaseUrl.Dialect.MYSQL, "127.0.0.1", 3306, "app", "root", null));
        assertThat(source.cache()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readWhenUnknownKeyThenProblemWithSuggestion() {
        read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                  cahce: 30s
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 6, 3, "unknown key 'cahce' in users (did you mean 'cache'?)"));
    }

    @Test
    void readWhenSqlWithoutDatabaseUrlEnvThenProblemAtUsers() {
        read("""
                users:
                  source: sql
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 4, 3,
                "users (source: sql) is missing required key 'database_url_env'"));
    }

    @Test
    void readWhenEnvironmentVariableMissingThenProblemNamingIt() {
        read("""
                users:
                  source: sql
                  database_url_env: NOT_SET
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 5, 21,
                "environment variable 'NOT_SET' is not set (it must hold the user database URL)"));
    }

    @Test
    void readWhenUrlIsNotPostgresOrMysqlThenProblemWithoutThePassword() {
        read("""
                users:
                  source: sql
                  database_url_env: WEB_URL
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.column()).isEqualTo(21);
            assertThat(problem.message()).contains("'WEB_URL'", "'http://'", "postgres://").doesNotContain("s3cret");
        });
    }

    @Test
    void readWhenCustomWithoutQueriesThenProblem() {
        read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                  schema: custom
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 4, 3,
                "schema: custom needs 'queries' with by_username and by_id"));
    }

    @Test
    void readWhenQueryNamesAnotherParameterThenProblemAtIt() {
        read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                  schema: custom
                  queries:
                    by_username: "SELECT * FROM people WHERE login = :login"
                    by_id: "SELECT * FROM people WHERE id = :id"
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 8, 54,
                "by_username: unknown parameter ':login': this query is given only :username"));
    }

    @Test
    void readWhenQueryHasNoParameterThenProblem() {
        read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                  schema: custom
                  queries:
                    by_username: "SELECT * FROM people WHERE login = 'alice'"
                    by_id: "SELECT * FROM people WHERE id = :id"
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 8, 19,
                "by_username: the query must use the parameter :username (values are bound, never written into the SQL)"));
    }

    @Test
    void readWhenCustomQueriesValidThenKept() {
        UserSource source = read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                  schema: custom
                  queries:
                    by_username: "SELECT id, login AS username FROM people WHERE login = :username AND kind::text = 'human'"
                    by_id: "SELECT id FROM people WHERE id = CAST(:id AS integer)"
                    by_token: "SELECT p.id FROM api_tokens t JOIN people p ON p.id = t.person WHERE t.secret = :key"
                """).orElseThrow().users();

        assertThat(problems).isEmpty();
        assertThat(source.queries().byUsername().parameters()).containsExactly("username");
        assertThat(source.queries().byToken().parameters()).containsExactly("key");
    }

    @Test
    void readWhenCacheIsNotADurationThenProblem() {
        read("""
                users:
                  source: sql
                  database_url_env: DB_URL
                  cache: soon
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 6, 10,
                "bad cache 'soon': expected a duration up to 1d, as 30s (0s: every request asks the database)"));
    }

    @Test
    void readWhenSqlSettingsWithYamlSourceThenProblem() {
        read("""
                users:
                  source: yaml
                  schema: django
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 5, 11, "'schema' applies only to source: sql"));
    }

    @Test
    void readWhenUnknownSourceThenProblem() {
        read("""
                users:
                  source: ldap
                """);

        assertThat(problems).containsExactly(new Problem("policy.yaml", 4, 11, "source must be yaml or sql, not 'ldap'"));
    }

    @Test
    void readUsersYamlWhenUsersComeFromTheDatabaseThenApiKeysMayNameDatabaseUsers() {
        Optional<io.portcullis.policy.model.Users> users = UsersReader.read("users.yaml", """
                api_keys:
                  - { name: batch, user: someone-in-the-database, key_sha256: "%s" }
                """.formatted("a".repeat(64)), problems, true);

        assertThat(problems).isEmpty();
        assertThat(users.orElseThrow().apiKeys()).singleElement().satisfies(key -> assertThat(key.user()).isEqualTo("someone-in-the-database"));
    }

    @Test
    void readUsersYamlWhenUsersComeFromTheDatabaseThenListedUsersAreAProblem() {
        UsersReader.read("users.yaml", """
                users:
                  - { username: alice, password: "{noop}x" }
                """, problems, true);

        assertThat(problems).containsExactly(new Problem("users.yaml", 2, 3, "users come from the database (policy.yaml "
                + "users.source: sql): list them there, or remove them here; users.yaml keeps only api_keys"));
    }
}
