package io.portcullis.gateway.reload;

import io.portcullis.policy.token.SigningKeys;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The keys the gateway signs and verifies its own tokens with, swapped atomically when {@code PORTCULLIS_JWT_KEYS_DIR}
 * changes. Readers take {@link #current()} once per use (a token is signed with one key set, whole), and never keep it.
 */
public final class SigningKeysHolder {

    private final AtomicReference<SigningKeys> current;

    public SigningKeysHolder(SigningKeys initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    public SigningKeys current() {
        return current.get();
    }

    void swap(SigningKeys next) {
        current.set(Objects.requireNonNull(next));
    }
}
