package io.portcullis.gateway.cli;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Explainer;
import io.portcullis.policy.decide.Explanation;
import io.portcullis.policy.decide.TokenExplainer;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.token.JwtKeySettings;
import io.portcullis.policy.token.SigningKeyException;
import io.portcullis.policy.token.SigningKeys;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code explain}: the matched route, every rule consulted with its result, the throttle scopes, and the answer. */
@Command(name = "explain", description = "Explain how the gateway would answer a request.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--method", required = true, description = "HTTP method, as GET.")
    private String method;

    @Option(names = "--path", required = true, description = "Request path, as /api/posts/1.")
    private String path;

    @ArgGroup(exclusive = true)
    private Who who = new Who();

    static final class Who {
        @Option(names = "--user", description = "Authenticated as this users.yaml username.")
        String user;

        @Option(names = "--anonymous", description = "Without credentials (the default).")
        boolean anonymous;

        @Option(names = "--token", description = "With this Bearer JWT: which issuer accepts it, and as whom.")
        String token;
    }

    @Option(names = "--policy-dir", description = "Policy directory (default: $PORTCULLIS_POLICY_DIR, else ./policy).")
    private Path policyDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<PolicySnapshot> snapshot = PolicyDirectory.load(policyDir, spec.commandLine().getErr());
        if (snapshot.isEmpty()) {
            return 1;
        }
        Explanation explanation = who.token == null
                ? Explainer.explain(snapshot.get(), method, path, Optional.ofNullable(who.user))
                : Explainer.explain(snapshot.get(), method, path, steps -> TokenExplainer.who(snapshot.get(),
                        who.token.strip(), gatewayKeys(snapshot.get()), EnvironmentVariables.SYSTEM, Clock.systemUTC(), steps));
        explanation.steps().forEach(out::println);
        out.flush();
        return 0;
    }

    /** The keys the gateway would verify its own tokens with, read as it reads them; null when none are configured. */
    private static SigningKeys gatewayKeys(PolicySnapshot snapshot) {
        JwtKeySettings settings = JwtKeySources.forGateway(new String[0], System.getProperties(), System.getenv());
        if (settings.ephemeral()) {
            return null;
        }
        try {
            return settings.load(snapshot.policy().tokens().algorithm());
        } catch (SigningKeyException e) {
            return null;
        }
    }
}
