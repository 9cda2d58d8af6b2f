package io.portcullis.gateway.tokens;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.token.SigningKeyException;
import io.portcullis.policy.token.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unusable JWT keys stop start-up with one clear reason, not a stack trace (DESIGN.md "Token endpoints"). */
@ExtendWith(OutputCaptureExtension.class)
class SigningKeysStartupIntegrationTest {

    private static void start(String... args) {
        new SpringApplicationBuilder(GatewayApplication.class).run(args);
    }

    private static String policyDir() {
        return "--portcullis.policy.dir=" + PolicyFixture.write("keys", Map.of("upstream", "http://127.0.0.1:9"));
    }

    @Test
    void anRsaKeyUnder2048BitsStopsStartUpWithOneLineNamingTheFile(@TempDir Path keys, CapturedOutput output) {
        Path file = TestKeys.write(keys, "weak", TestKeys.pkcs8(TestKeys.rsa(1024)));

        assertThatThrownBy(() -> start(policyDir(), "--portcullis.jwt.keys.dir=" + keys, "--server.port=0",
                "--management.server.port=0"))
                .hasRootCauseInstanceOf(SigningKeyException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("JWT signing keys: " + file + ": is a 1024-bit RSA key; RS256 needs at least 2048 bits")
                .doesNotContain("\tat io.portcullis");
    }

    @Test
    void aSecretWhenThePolicySaysRs256StopsStartUp(CapturedOutput output) {
        assertThatThrownBy(() -> start(policyDir(), "--portcullis.jwt.secret=0123456789abcdef0123456789abcdef",
                "--server.port=0", "--management.server.port=0"))
                .hasRootCauseInstanceOf(SigningKeyException.class);

        assertThat(output).contains("JWT signing keys: policy.yaml tokens.algorithm is RS256")
                .doesNotContain("0123456789abcdef0123456789abcdef")
                .doesNotContain("\tat io.portcullis");
    }
}
