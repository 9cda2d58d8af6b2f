package io.portcullis.gateway.authn;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.JwtVerifier;
import io.portcullis.policy.token.SigningKeys;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/** One {@link JwtVerifier} per token settings: built again only when a reload changes {@code tokens:}. */
public final class JwtVerifiers {

    private record Built(TokenSettings settings, JwtVerifier verifier) {
    }

    private final SigningKeys keys;
    private final Clock clock;
    private final AtomicReference<Built> current = new AtomicReference<>();

    public JwtVerifiers(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public JwtVerifier forSettings(TokenSettings settings) {
        Built built = current.get();
        if (built == null || !built.settings().equals(settings)) {
            built = new Built(settings, new JwtVerifier(keys, settings, clock));
            current.set(built);
        }
        return built.verifier();
    }
}
