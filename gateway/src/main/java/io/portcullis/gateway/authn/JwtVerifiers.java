package io.portcullis.gateway.authn;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.JwtVerifier;
import io.portcullis.policy.token.SigningKeys;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One {@link JwtVerifier} per token settings and signing keys: built again only when a reload changes {@code tokens:}
 * or the keys directory. A new verifier starts with an empty verified-token cache, so a token of a removed key is
 * never answered from the old one.
 */
public final class JwtVerifiers {

    private record Built(TokenSettings settings, SigningKeys keys, JwtVerifier verifier) {
    }

    private final Supplier<SigningKeys> keys;
    private final Clock clock;
    private final AtomicReference<Built> current = new AtomicReference<>();

    /** {@code keys}: the keys serving now, asked on every call. */
    public JwtVerifiers(Supplier<SigningKeys> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public JwtVerifier forSettings(TokenSettings settings) {
        SigningKeys signing = keys.get();
        Built built = current.get();
        // Identity, not equality: every reload of the keys directory makes a new key set.
        if (built == null || built.keys() != signing || !built.settings().equals(settings)) {
            built = new Built(settings, signing, new JwtVerifier(signing, settings, clock));
            current.set(built);
        }
        return built.verifier();
    }
}
