package io.portcullis;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.cli.Cli;
import io.portcullis.gateway.cli.PolicyDirectory;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;
import org.springframework.boot.SpringApplication;

import java.nio.file.Path;

/** The jar's entry point: an ops command when the first argument names one, else the gateway. */
public final class Portcullis {

    private Portcullis() {
    }

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args));
        }
        // Fail before Spring starts, with the policy's own words rather than a stack trace.
        Path dir = PolicyDirectory.forGateway(args);
        try {
            PolicyLoader.load(dir);
        } catch (PolicyDirectoryMissingException e) {
            System.err.println("portcullis: " + e.getMessage());
            System.exit(2);
        } catch (InvalidPolicyException e) {
            System.err.println("portcullis: the policy in " + dir.toAbsolutePath().normalize() + " is not valid:");
            e.problems().forEach(problem -> System.err.println(problem));
            System.exit(2);
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
