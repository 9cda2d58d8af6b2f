package io.portcullis;

import io.portcullis.gateway.cli.JwtKeySources;
import io.portcullis.policy.token.JwtKeySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class PortcullisTest {

    private static final String LOOPS = "reactor.netty.ioWorkerCount";
    private static final JwtKeySettings NO_KEYS = new JwtKeySettings(null, null);

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

        int exit = Portcullis.preflight(missing, NO_KEYS, new PrintStream(err, true, StandardCharsets.UTF_8));

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

        int exit = Portcullis.preflight(temp, NO_KEYS, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("policy.yaml:2:1: unknown key 'routez' in policy.yaml (did you mean 'routes'?)");
    }

    @Test
    void preflightWhenIssuerSecretIsAnArgumentThenReadAsTheGatewayWillReadIt(@TempDir Path temp) throws IOException {
        Files.writeString(temp.resolve("policy.yaml"), """
                version: 1
                routes: []
                issuers:
                  - id: django
                    issuer: null
                    algorithms: [HS256]
                    secret_env: DJANGO_KEY_FOR_PREFLIGHT
                    user_claim: user_id
                """);
        Files.writeString(temp.resolve("users.yaml"), "users: []\n");
        String[] args = {"--DJANGO_KEY_FOR_PREFLIGHT=a-django-signing-key-of-at-least-32-bytes"};
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int withArgument = Portcullis.preflight(temp, NO_KEYS,
                JwtKeySources.variablesForGateway(args, new Properties(), Map.of()), new PrintStream(err));
        int without = Portcullis.preflight(temp, NO_KEYS,
                JwtKeySources.variablesForGateway(new String[0], new Properties(), Map.of()), new PrintStream(err));

        assertThat(withArgument).isZero();
        assertThat(without).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DJANGO_KEY_FOR_PREFLIGHT (secret_env) is not set");
    }

    @Test
    void preflightWhenPolicyValidThenZero() {
        assertThat(Portcullis.preflight(Path.of("../policy"), NO_KEYS, new PrintStream(new ByteArrayOutputStream()))).isZero();
    }

    @Test
    void preflightWhenSecretTooShortThenOneLineNamingTheSettingAndNotTheSecret() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Portcullis.preflight(Path.of("../policy"), new JwtKeySettings("short-secret", null),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String output = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(2);
        assertThat(output.lines()).singleElement().asString()
                .startsWith("portcullis: JWT signing keys: PORTCULLIS_JWT_SECRET")
                .contains("at least 32 bytes")
                .doesNotContain("short-secret");
    }

    @Test
    void keySourcesFollowSpringPrecedenceArgumentsThenSystemPropertiesThenEnvironment() {
        Properties system = new Properties();
        Map<String, String> env = Map.of("PORTCULLIS_JWT_SECRET", "from-env", "PORTCULLIS_JWT_KEYS_DIR", "/keys");

        assertThat(JwtKeySources.forGateway(new String[0], system, env)).isEqualTo(new JwtKeySettings("from-env", "/keys"));
        system.setProperty("portcullis.jwt.secret", "from-system");
        assertThat(JwtKeySources.forGateway(new String[0], system, env).secret()).isEqualTo("from-system");
        assertThat(JwtKeySources.forGateway(new String[]{"--portcullis.jwt.secret=from-args"}, system, env).secret())
                .isEqualTo("from-args");
    }
}
