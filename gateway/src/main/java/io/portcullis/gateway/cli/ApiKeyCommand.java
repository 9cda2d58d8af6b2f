package io.portcullis.gateway.cli;

import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.parse.Problem;
import io.portcullis.policy.parse.Suggestions;
import io.portcullis.policy.parse.UsersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code apikey create}: a new API key, printed once, and the users.yaml {@code api_keys} entry holding its SHA-256. */
@Command(name = "apikey", description = "Create API keys for users.yaml.", subcommands = ApiKeyCommand.Create.class)
final class ApiKeyCommand {

    /** The key's prefix says what it is (in logs a leaked key is easy to spot and grep for). */
    static final String PREFIX = "pk_";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 1 to 100 characters, no control or format characters, not starting or ending with white space. */
    private static final Pattern NAME = Pattern.compile("[^\\p{C}\\s](?:[^\\p{C}]{0,98}[^\\p{C}\\s])?",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** {@code pk_} and 32 bytes from SecureRandom, base64url without padding: 256 bits, safe in a header. */
    static String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Command(name = "create", description = "Print a new API key once, and the api_keys entry to paste into users.yaml.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "A name for the key, unique in users.yaml.")
        String name;

        @Option(names = "--user", required = true, description = "The username the key acts as.")
        String username;

        @Option(names = "--policy-dir",
                description = "Where users.yaml is checked for the user and the name (default: $PORTCULLIS_POLICY_DIR, else ./policy).")
        Path policyDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                String refusal = refusal(err);
                if (refusal != null) {
                    err.println(refusal);
                    return 1;
                }
                String key = newKey();
                out.println("API key for '" + username + "' (shown only now; the client sends it as X-API-Key):");
                out.println(key);
                out.println();
                out.println("Paste under api_keys: in users.yaml:");
                out.println("  - name: " + quoted(name));
                out.println("    user: " + quoted(username));
                out.println("    key_sha256: " + quoted(OpaqueKeys.sha256(key)));
                return 0;
            } finally {
                out.flush();
                err.flush();
            }
        }

        /** Why no key is made, or null: a bad name, or a users.yaml that lacks the user or has the name already. */
        private String refusal(PrintWriter err) {
            if (!NAME.matcher(name).matches()) {
                return "--name must be 1 to 100 characters without control characters, not starting or ending with a space";
            }
            if (!NAME.matcher(username).matches()) {
                return "--user must be a username from users.yaml";
            }
            Path file = PolicyDirectory.resolve(policyDir).resolve(PolicyLoader.USERS_FILE);
            if (!Files.isRegularFile(file)) {
                err.println("note: " + file + " not found, so the user and the name were not checked");
                return null;
            }
            List<Problem> problems = new ArrayList<>();
            Optional<Users> users;
            try {
                users = UsersReader.read(PolicyLoader.USERS_FILE, Files.readString(file), problems);
            } catch (IOException e) {
                return file + " cannot be read (" + e.getClass().getSimpleName() + ")";
            }
            if (users.isEmpty()) {
                return file + " is not valid; fix it first (java -jar portcullis.jar check)"
                        + (problems.isEmpty() ? "" : ": " + problems.get(0));
            }
            return conflict(users.get(), file);
        }

        private String conflict(Users users, Path file) {
            if (users.byUsername(username).isEmpty()) {
                return "no user '" + username + "' in " + file
                        + Suggestions.didYouMean(username, users.all().stream().map(User::username).toList());
            }
            if (users.apiKeys().stream().anyMatch(key -> key.name().equals(name))) {
                return "an api key named '" + name + "' is already in " + file;
            }
            return null;
        }

        /** YAML double-quoted: any name is read back as the same string (never as a number, boolean or null). */
        private static String quoted(String value) {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
