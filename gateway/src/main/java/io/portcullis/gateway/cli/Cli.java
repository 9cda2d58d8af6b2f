package io.portcullis.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Set;

/** The ops CLI in the gateway's jar: {@code java -jar portcullis.jar check|...}. Starts no Spring context. */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        subcommands = {CheckCommand.class, ExplainCommand.class, TestCommand.class, TokenCommand.class,
                HashPasswordCommand.class, ApiKeyCommand.class},
        description = "Portcullis ops commands. Without a command, the jar runs the gateway.")
public final class Cli {

    public static final Set<String> COMMANDS = Set.of("check", "explain", "test", "token", "hash-password", "apikey", "help", "--help", "-h", "--version", "-V");

    private Cli() {
    }

    /**
     * A first argument that names a command, or that is no {@code --option} at all: the gateway takes only options, so
     * a word there is a command, perhaps mistyped, and picocli answers it (with a suggestion) instead of the gateway
     * starting.
     */
    public static boolean handles(String[] args) {
        return args.length > 0 && (COMMANDS.contains(args[0]) || !args[0].startsWith("-"));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Cli()).addSubcommand(new CommandLine.HelpCommand());
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The jar's {@code Implementation-Version}; a build that is not the packaged jar says so. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"portcullis " + (version == null ? "(development build, not the packaged jar)" : version)};
        }
    }
}
