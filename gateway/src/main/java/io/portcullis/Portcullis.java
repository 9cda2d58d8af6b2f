package io.portcullis;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.cli.Cli;
import io.portcullis.gateway.cli.PolicyDirectory;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;
import org.springframework.boot.SpringApplication;
import reactor.netty.ReactorNetty;

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
        sizeEventLoops();
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * One Netty event loop per core. Reactor Netty's default is at least four, which on a gateway whose loops never
     * block only adds context switches and smaller batches per wake-up (on one core: about half the requests per
     * CPU-second, bench/RESULTS.md). A {@code -Dreactor.netty.ioWorkerCount} given by the operator wins.
     */
    static void sizeEventLoops() {
        if (System.getProperty(ReactorNetty.IO_WORKER_COUNT) == null) {
            System.setProperty(ReactorNetty.IO_WORKER_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
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
