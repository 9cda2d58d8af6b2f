package io.portcullis.policy.token;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The HS256 secret of an external issuer (SimpleJWT's {@code SIGNING_KEY}), as its {@code secret_env} holds it. As for
 * the gateway's own HS256 tokens, the {@code kid} header is never used to find a key, and only HS256 is answered: an
 * RSA or EC token is never checked against the secret. Never unavailable, never refreshed.
 */
public final class SecretIssuerKeys implements IssuerKeys {

    private final Key key;

    /** @throws IllegalArgumentException when {@code secret} is shorter than 32 bytes (the policy check refuses it first) */
    public SecretIssuerKeys(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < SigningKeys.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret needs at least " + SigningKeys.MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    @Override
    public Optional<Key> find(String kid, String algorithm) {
        return "HS256".equals(algorithm) ? Optional.of(key) : Optional.empty();
    }

    @Override
    public CompletionStage<Boolean> refreshForUnknownKid() {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public String toString() {
        return "SecretIssuerKeys[HS256]";
    }
}
