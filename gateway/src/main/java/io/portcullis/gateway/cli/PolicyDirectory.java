package io.portcullis.gateway.cli;

import java.nio.file.Path;

/** Where the policy lives when not given: {@code --portcullis.policy.dir=}, else {@code PORTCULLIS_POLICY_DIR}, else ./policy. */
public final class PolicyDirectory {

    private static final String ARGUMENT = "--portcullis.policy.dir=";

    private PolicyDirectory() {
    }

    public static Path fromEnvironment() {
        String env = System.getenv("PORTCULLIS_POLICY_DIR");
        return Path.of(env == null || env.isBlank() ? "./policy" : env);
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
