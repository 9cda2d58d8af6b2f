package io.portcullis.gateway.cli;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Where the policy lives when not given: {@code --portcullis.policy.dir=}, else {@code PORTCULLIS_POLICY_DIR}, else ./policy. */
public final class PolicyDirectory {

    private static final String ARGUMENT = "--portcullis.policy.dir=";

    private PolicyDirectory() {
    }

    public static Path fromEnvironment() {
        String env = System.getenv("PORTCULLIS_POLICY_DIR");
        return Path.of(env == null || env.isBlank() ? "./policy" : env);
    }

    /** {@code given}, else the environment's directory. */
    public static Path resolve(Path given) {
        return given != null ? given : fromEnvironment();
    }

    /** The loaded policy, or empty after printing why not (one line per problem) to {@code err}. */
    static Optional<PolicySnapshot> load(Path given, PrintWriter err) {
        try {
            return Optional.of(PolicyLoader.load(resolve(given)));
        } catch (PolicyDirectoryMissingException e) {
            err.println(e.getMessage());
        } catch (InvalidPolicyException e) {
            e.problems().forEach(err::println);
        }
        err.flush();
        return Optional.empty();
    }

    /** The directory the gateway will read, with the same precedence as Spring: arguments before environment. */
    public static Path forGateway(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(ARGUMENT)) {
                return Path.of(arg.substring(ARGUMENT.length()));
            }
        }
        return fromEnvironment();
    }
}
