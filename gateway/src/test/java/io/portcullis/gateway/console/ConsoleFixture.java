package io.portcullis.gateway.console;

import io.portcullis.gateway.cli.Cli;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.springframework.test.context.DynamicPropertyRegistry;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console tests' gateway: policies/console (a route per chart: throttled, refused upstream...), samples every second. */
final class ConsoleFixture {

    private ConsoleFixture() {
    }

    static Path policy(GatewayHarness harness) {
        return PolicyFixture.write("console", Map.of("upstream", harness.upstreamUrl(),
                "refused", "http://127.0.0.1:" + FreePort.find()));
    }

    static void properties(DynamicPropertyRegistry registry, Path policy) {
        registry.add("portcullis.policy.dir", policy::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("portcullis.console.sample-interval", () -> "1s");
    }

    /** What {@code portcullis explain --policy-dir DIR ARGS} prints. */
    static String cliExplain(Path policyDir, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        List<String> command = new ArrayList<>(List.of("explain", "--policy-dir", policyDir.toString()));
        command.addAll(List.of(args));
        assertThat(cli.execute(command.toArray(String[]::new))).isZero();
        return out.toString();
    }
}
