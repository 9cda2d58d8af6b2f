package io.portcullis.policy.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SigningKeysTest {

    @Test
    void hmacWhenSecretShorterThanThirtyTwoBytesThenRefusedWithClearMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.hmac("0123456789abcdef0123456789abcde"))
                .withMessage("PORTCULLIS_JWT_SECRET must be at least 32 bytes for HS256, got 31");
    }

    @Test
    void hmacWhenSecretHasThirtyTwoMultiByteCharactersThenCountsBytes() {
        assertThat(SigningKeys.hmac("\u00e9".repeat(16)).algorithm()).isEqualTo("HS256");
    }

    @Test
    void hmacWhenThirtyTwoBytesThenHs256() {
        assertThat(SigningKeys.hmac("0123456789abcdef0123456789abcdef").algorithm()).isEqualTo("HS256");
    }

    @Test
    void hmacWhenAnyKidThenTheOneSecretVerifies() {
        SigningKeys keys = SigningKeys.hmac("0123456789abcdef0123456789abcdef");

        assertThat(keys.verificationKey("anything")).contains(keys.signingKey());
        assertThat(keys.verificationKey(null)).contains(keys.signingKey());
    }

    @Test
    void toStringWhenPrintedThenNoSecret() {
        assertThat(SigningKeys.hmac("0123456789abcdef0123456789abcdef").toString()).doesNotContain("0123456789");
    }

    @Test
    void ephemeralWhenCreatedTwiceThenDifferentKeys() {
        assertThat(SigningKeys.ephemeral().signingKey()).isNotEqualTo(SigningKeys.ephemeral().signingKey());
    }
}
