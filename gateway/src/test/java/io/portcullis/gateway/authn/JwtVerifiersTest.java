package io.portcullis.gateway.authn;

import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TokenType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwtVerifiersTest {

    private static final TokenSettings SETTINGS = TokenSettings.DEFAULTS;
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>(SigningKeys.ephemeral("ES256"));
    private final JwtVerifiers verifiers = new JwtVerifiers(keys::get, Clock.systemUTC());

    private String token() {
        return new JwtIssuer(keys.get(), Clock.systemUTC()).issue(Users.ALICE, TokenType.ACCESS, SETTINGS);
    }

    @Test
    void forSettingsWhenNeitherSettingsNorKeysChangedThenTheSameVerifierWithItsCache() {
        assertThat(verifiers.forSettings(SETTINGS)).isSameAs(verifiers.forSettings(SETTINGS));
    }

    @Test
    void forSettingsWhenTheKeysAreSwappedThenATokenVerifiedUnderARemovedKeyIsRefused() throws Exception {
        String token = token();
        verifiers.forSettings(SETTINGS).verify(token, TokenType.ACCESS); // now in the verified-token cache

        keys.set(SigningKeys.ephemeral("ES256"));

        assertThatExceptionOfType(InvalidTokenException.class)
                .isThrownBy(() -> verifiers.forSettings(SETTINGS).verify(token, TokenType.ACCESS))
                .satisfies(e -> assertThat(e.reason()).isEqualTo("token_bad_signature"));
    }

    @Test
    void forSettingsWhenTheKeysAreSwappedThenATokenOfTheNewKeysVerifies() throws Exception {
        keys.set(SigningKeys.ephemeral("ES256"));

        assertThat(verifiers.forSettings(SETTINGS).verify(token(), TokenType.ACCESS).subject()).isEqualTo("1");
    }
}
