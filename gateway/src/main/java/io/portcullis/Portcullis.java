package io.portcullis;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.cli.Cli;
import io.portcullis.gateway.cli.JwtKeySources;
import io.portcullis.gateway.cli.PolicyDirectory;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyDirectoryMissingException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.token.JwtKeySettings;
import io.portcullis.policy.token.SigningKeyException;
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
        int preflight = preflight(PolicyDirectory.forGateway(args),
                JwtKeySources.forGateway(args, System.getProperties(), System.getenv()),
                JwtKeySources.variablesForGateway(args, System.getProperties(), System.getenv()), System.err);
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
     * Loads the policy and the JWT keys before Spring starts, so a missing directory, an invalid policy or unusable keys
     * stop the gateway with their own words (one line naming the directory or the key setting, or file:line:column
     * problems) rather than a stack trace or Spring's failure report.
     */
    static int preflight(Path dir, JwtKeySettings keys, PrintStream err) {
        return preflight(dir, keys, EnvironmentVariables.SYSTEM, err);
    }

    /** {@code env}: where the issuers' {@code secret_env} are read, as the gateway will read them. */
    static int preflight(Path dir, JwtKeySettings keys, EnvironmentVariables env, PrintStream err) {
        try {
            PolicySnapshot snapshot = PolicyLoader.load(dir, env);
            if (!keys.ephemeral()) {
                keys.load(snapshot.policy().tokens().algorithm()); // an ephemeral key cannot fail: not made twice
            }
            return 0;
        } catch (SigningKeyException e) {
            err.println("portcullis: JWT signing keys: " + e.getMessage());
        } catch (PolicyDirectoryMissingException e) {
            err.println("portcullis: " + e.getMessage());
        } catch (InvalidPolicyException e) {
            err.println("portcullis: the policy in " + dir.toAbsolutePath().normalize() + " is not valid:");
            e.problems().forEach(err::println);
        }
        return 2;
    }
}
