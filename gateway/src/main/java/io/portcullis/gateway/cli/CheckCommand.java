package io.portcullis.gateway.cli;

import io.portcullis.gateway.users.UserDatabaseCheck;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.users.UserSource;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.parse.Problem;
import io.portcullis.policy.store.RedisSettingException;
import io.portcullis.policy.store.RedisUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code check [DIR]}: validates policy.yaml and users.yaml, and the shape of {@code REDIS_URL} when set; exit 0, or
 * every problem (file:line:column, or the setting's name) and exit 1. With {@code users.source: sql} it also connects
 * to the database and says what it found (exit 1 when unreachable or its tables are missing).
 */
@Command(name = "check", description = "Validate policy.yaml, users.yaml, the user database and the shape of REDIS_URL.")
final class CheckCommand implements Callable<Integer> {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    /** Where the variables the policy names ({@code secret_env}, {@code users.database_url_env}) are read. */
    private final EnvironmentVariables environment;

    CheckCommand() {
        this(EnvironmentVariables.SYSTEM);
    }

    CheckCommand(EnvironmentVariables environment) {
        this.environment = environment;
    }

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "Policy directory (default: $PORTCULLIS_POLICY_DIR, else ./policy).")
    private Path directory;

    @Option(names = "--redis-url", defaultValue = "${env:REDIS_URL}", description = "Redis URL to check (default: $REDIS_URL).")
    private String redisUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = directory != null ? directory : PolicyDirectory.fromEnvironment();
        try {
            boolean redisValid = checkRedisUrl(out);
            PolicySnapshot snapshot = PolicyLoader.load(dir, environment);
            if (!redisValid) {
                return 1;
            }
            UserSource users = snapshot.policy().users();
            if (users.sql()) {
                // users from a database: it must answer and hold the tables, else the gateway could not log anyone in
                UserDatabaseCheck.Report report = UserDatabaseCheck.run(users, DATABASE_TIMEOUT);
                report.lines().forEach(out::println);
                if (!report.ok()) {
                    return 1;
                }
            }
            out.println("OK: " + snapshot.policy().routes().size() + " routes, " + snapshot.users().all().size()
                    + " users" + (users.sql() ? " in users.yaml" : "") + ", " + snapshot.users().apiKeys().size() + " api keys");
            return 0;
        } catch (PolicyDirectoryMissingException e) {
            out.println(e.getMessage());
            return 1;
        } catch (InvalidPolicyException e) {
            for (Problem problem : e.problems()) {
                out.println(problem);
            }
            return 1;
        } finally {
            out.flush();
        }
    }

    /** True when REDIS_URL is unset or well formed; else prints why (never its password). Nothing connects. */
    private boolean checkRedisUrl(PrintWriter out) {
        if (redisUrl == null || redisUrl.isBlank()) {
            return true;
        }
        try {
            RedisUrl.parse(redisUrl);
            return true;
        } catch (RedisSettingException e) {
            out.println(e.getMessage());
            return false;
        }
    }
}
