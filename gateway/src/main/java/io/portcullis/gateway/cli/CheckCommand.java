package io.portcullis.gateway.cli;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.parse.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code check [DIR]}: validates policy.yaml and users.yaml; exit 0, or every problem as file:line:column and exit 1. */
@Command(name = "check", description = "Validate policy.yaml and users.yaml.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "Policy directory (default: $PORTCULLIS_POLICY_DIR, else ./policy).")
    private Path directory;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = directory != null ? directory : PolicyDirectory.fromEnvironment();
        try {
            PolicySnapshot snapshot = PolicyLoader.load(dir);
            out.println("OK: " + snapshot.policy().routes().size() + " routes, " + snapshot.users().all().size()
                    + " users, " + snapshot.users().apiKeys().size() + " api keys");
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
}
