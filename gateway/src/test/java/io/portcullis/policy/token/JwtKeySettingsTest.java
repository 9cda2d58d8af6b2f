package io.portcullis.policy.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which keys sign: the secret, the keys directory or an ephemeral key, as tokens.algorithm asks. */
class JwtKeySettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void loadWhenSecretAndHs256ThenHmac() {
        assertThat(new JwtKeySettings(SECRET, null).load("HS256").algorithm()).isEqualTo("HS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replace-me-with-at-least-32-random-bytes-0000", "please-REPLACE-ME-with-32-random-bytes!!",
            "changeme-changeme-changeme-changeme"})
    void loadWhenSecretIsAPublishedPlaceholderThenRefused(String placeholder) {
        assertThatThrownBy(() -> new JwtKeySettings(placeholder, null).load("HS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessageContaining("placeholder published in the Portcullis repository")
                .hasMessageContaining("openssl rand -base64 48")
                .hasMessageNotContaining(placeholder);
    }

    @Test
    void loadWhenKeysDirAndRs256ThenKeyFiles() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(TestKeys.rsa(2048)));

        SigningKeys keys = new JwtKeySettings(null, dir.toString()).load("RS256");

        assertThat(keys.algorithm()).isEqualTo("RS256");
        assertThat(keys.signingKid()).isEqualTo("k1");
    }

    @Test
    void loadWhenNeitherThenEphemeralKeyOfTheAlgorithm() {
        JwtKeySettings settings = new JwtKeySettings("", " ");

        assertThat(settings.ephemeral()).isTrue();
        assertThat(settings.load("HS256").algorithm()).isEqualTo("HS256");
        assertThat(settings.load("RS256").publicJwks().get("keys")).asList().hasSize(1);
        assertThat(settings.load("ES256").algorithm()).isEqualTo("ES256");
    }

    @Test
    void loadWhenOnlySecretButRs256ThenRefused() {
        assertThatThrownBy(() -> new JwtKeySettings(SECRET, null).load("RS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessage("policy.yaml tokens.algorithm is RS256, which signs with PEM private keys from "
                        + "PORTCULLIS_JWT_KEYS_DIR (portcullis.jwt.keys.dir), but only "
                        + "PORTCULLIS_JWT_SECRET (portcullis.jwt.secret) is set");
    }

    @Test
    void loadWhenKeysDirButHs256ThenRefused() {
        assertThatThrownBy(() -> new JwtKeySettings(null, dir.toString()).load("HS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessageStartingWith("PORTCULLIS_JWT_KEYS_DIR (portcullis.jwt.keys.dir) is set, but policy.yaml "
                        + "tokens.algorithm is HS256");
    }

    @Test
    void loadWhenBothThenRefused() {
        assertThatThrownBy(() -> new JwtKeySettings(SECRET, dir.toString()).load("ES256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessageContaining("are set; set only the keys directory for ES256");
    }

    @Test
    void loadWhenSecretShortThenRefused() {
        assertThatThrownBy(() -> new JwtKeySettings("short", null).load("HS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessage("PORTCULLIS_JWT_SECRET must be at least 32 bytes for HS256, got 5");
    }

    @Test
    void toStringWhenPrintedThenNoSecret() {
        assertThat(new JwtKeySettings(SECRET, "/keys").toString()).doesNotContain(SECRET).contains("/keys");
    }
}
