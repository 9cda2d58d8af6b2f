package io.portcullis;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.cli.Cli;
import io.portcullis.gateway.cli.PolicyDirectory;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;
import org.springframework.boot.SpringApplication;

import java.io.PrintStream;
import java.nio.file.Path;

/** The jar's entry point: an ops command when the first argument names one, else the gateway. */
public final class Portcullis {

    private Portcullis() {
    }

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args));
        }
        int preflight = preflight(PolicyDirectory.forGateway(args), System.err);
        if (preflight != 0) {
            System.exit(preflight);
        }
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * Loads the policy before Spring starts, so a missing directory or an invalid policy stops the gateway with the
     * policy's own words (one line naming the directory, or file:line:column problems) rather than a stack trace.
     */
    static int preflight(Path dir, PrintStream err) {
        try {
            PolicyLoader.load(dir);
            return 0;
        } catch (PolicyDirectoryMissingException e) {
            err.println("portcullis: " + e.getMessage());
        } catch (InvalidPolicyException e) {
            err.println("portcullis: the policy in " + dir.toAbsolutePath().normalize() + " is not valid:");
            e.problems().forEach(err::println);
        }
        return 2;
    }
}
