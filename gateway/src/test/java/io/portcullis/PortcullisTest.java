package io.portcullis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PortcullisTest {

    private static final String LOOPS = "reactor.netty.ioWorkerCount";

    @Test
    void eventLoopsDefaultToOnePerCoreUnlessTheOperatorSetsThem() {
        String before = System.getProperty(LOOPS);
        try {
            System.clearProperty(LOOPS);
            Portcullis.sizeEventLoops();
            assertThat(System.getProperty(LOOPS)).isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));

            System.setProperty(LOOPS, "7");
            Portcullis.sizeEventLoops();
            assertThat(System.getProperty(LOOPS)).isEqualTo("7");
        } finally {
            if (before == null) {
                System.clearProperty(LOOPS);
            } else {
                System.setProperty(LOOPS, before);
            }
        }
    }

    @Test
    void preflightWhenPolicyDirectoryMissingThenOneLineNamingIt(@TempDir Path temp) {
        Path missing = temp.resolve("nope");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Portcullis.preflight(missing, new PrintStream(err, true, StandardCharsets.UTF_8));

        String output = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(2);
        assertThat(output.lines()).hasSize(1);
        assertThat(output).contains(missing.toAbsolutePath().normalize().toString()).contains("does not exist");
    }

    @Test
    void preflightWhenPolicyInvalidThenProblemsWithPositions(@TempDir Path temp) throws IOException {
        Files.writeString(temp.resolve("policy.yaml"), "version: 1\nroutez: []\n");
        Files.writeString(temp.resolve("users.yaml"), "users: []\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Portcullis.preflight(temp, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("policy.yaml:2:1: unknown key 'routez' in policy.yaml (did you mean 'routes'?)");
    }

    @Test
    void preflightWhenPolicyValidThenZero() {
        assertThat(Portcullis.preflight(Path.of("../policy"), new PrintStream(new ByteArrayOutputStream()))).isZero();
    }
}
