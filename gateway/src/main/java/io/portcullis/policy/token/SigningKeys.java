package io.portcullis.policy.token;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The keys JWTs are signed and verified with, for one algorithm. With an HMAC secret the {@code kid} header is never
 * used to find a key (DESIGN.md); with key files it names one of them and nothing else.
 */
public final class SigningKeys {

    public static final int MIN_SECRET_BYTES = 32;

    private final String algorithm;
    private final String signingKid;
    private final Key signingKey;
    private final Map<String, Key> verificationKeys;
    private final boolean kidSelectsKey;

    private SigningKeys(String algorithm, String signingKid, Key signingKey, Map<String, Key> verificationKeys,
                        boolean kidSelectsKey) {
        this.algorithm = algorithm;
        this.signingKid = signingKid;
        this.signingKey = signingKey;
        this.verificationKeys = Map.copyOf(verificationKeys);
        this.kidSelectsKey = kidSelectsKey;
    }

    /** HS256 with a shared secret of at least 32 bytes (RFC 7518 section 3.2). */
    public static SigningKeys hmac(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("PORTCULLIS_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256, got " + secret.length);
        }
        Key key = new SecretKeySpec(secret, "HmacSHA256");
        return new SigningKeys("HS256", "hs256", key, Map.of("hs256", key), false);
    }

    public static SigningKeys hmac(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A random HS256 key that lives as long as the process: tokens die with it. */
    public static SigningKeys ephemeral() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return hmac(secret);
    }

    public String algorithm() {
        return algorithm;
    }

    public String signingKid() {
        return signingKid;
    }

    Key signingKey() {
        return signingKey;
    }

    /** The key that verifies a token whose header names {@code kid} (may be null). */
    Optional<Key> verificationKey(String kid) {
        if (!kidSelectsKey) {
            return Optional.of(signingKey);
        }
        return kid == null ? Optional.empty() : Optional.ofNullable(verificationKeys.get(kid));
    }

    @Override
    public String toString() {
        return "SigningKeys[" + algorithm + ", kids=" + verificationKeys.keySet() + "]";
    }
}
