package io.portcullis.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Set;

/** The ops CLI in the gateway's jar: {@code java -jar portcullis.jar check|...}. Starts no Spring context. */
@Command(name = "portcullis", mixinStandardHelpOptions = true,
        subcommands = {CheckCommand.class, ExplainCommand.class, TestCommand.class, TokenCommand.class,
                HashPasswordCommand.class, ApiKeyCommand.class},
        description = "Portcullis ops commands. Without a command, the jar runs the gateway.")
public final class Cli {

    public static final Set<String> COMMANDS = Set.of("check", "explain", "test", "token", "hash-password", "apikey", "help", "--help", "-h", "--version", "-V");

    private Cli() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Cli()).addSubcommand(new CommandLine.HelpCommand());
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }
}
