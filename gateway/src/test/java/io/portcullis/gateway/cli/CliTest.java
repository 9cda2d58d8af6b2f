package io.portcullis.gateway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @Test
    void handlesWhenFirstArgumentIsAnOptionThenTheGatewayStarts() {
        assertThat(Cli.handles(new String[] {"--server.port=0"})).isFalse();
        assertThat(Cli.handles(new String[] {})).isFalse();
    }

    @Test
    void handlesWhenFirstArgumentIsAWordThenTheCliAnswersEvenIfMistyped() {
        assertThat(Cli.handles(new String[] {"check"})).isTrue();
        assertThat(Cli.handles(new String[] {"chek", "policy"})).isTrue();
    }

    @Test
    void mistypedCommandExitsNonZeroAndSuggestsTheCommand() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("chek", "policy");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("chek").contains("check");
    }

    @Test
    void versionNamesTheProductAndNeverPrintsNothing() {
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("--version");

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).startsWith("portcullis ").hasSizeGreaterThan("portcullis ".length());
    }
}
