package io.portcullis.policy.password;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Django's {@code PBKDF2PasswordHasher} and {@code PBKDF2SHA1PasswordHasher}:
 * {@code pbkdf2_sha256$<iterations>$<salt>$<base64 of the derived key>}, the key as long as the digest.
 */
record Pbkdf2Hash(String algorithm, int iterations, String salt, String encoded) implements DjangoHash {

    private static final String SHA256 = "pbkdf2_sha256";

    static Pbkdf2Hash parse(String encoded) {
        String[] parts = encoded.split("\\$", 4);
        if (parts.length != 4 || parts[2].isEmpty()) {
            return null;
        }
        long iterations = Decimal.positive(parts[1], CostLimits.PBKDF2_ITERATIONS);
        return iterations < 0 ? null : new Pbkdf2Hash(parts[0], (int) iterations, parts[2], encoded);
    }

    /** A hash no password matches, costing what a real {@code pbkdf2_sha256} hash of {@code iterations} does. */
    static Pbkdf2Hash dummy(int iterations) {
        return new Pbkdf2Hash(SHA256, iterations, "portcullis-dummy", "");
    }

    @Override
    public boolean verify(byte[] password) {
        byte[] expected = encoded.getBytes(StandardCharsets.UTF_8);
        byte[] actual = (algorithm + "$" + iterations + "$" + salt + "$" + derive(password))
                .getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, actual);
    }

    private String derive(byte[] password) {
        boolean sha256 = algorithm.equals(SHA256);
        // SunJCE turns the chars back into exactly these UTF-8 bytes (password is valid UTF-8 here)
        PBEKeySpec spec = new PBEKeySpec(new String(password, StandardCharsets.UTF_8).toCharArray(),
                salt.getBytes(StandardCharsets.UTF_8), iterations, (sha256 ? 32 : 20) * 8);
        try {
            byte[] key = SecretKeyFactory.getInstance(sha256 ? "PBKDF2WithHmacSHA256" : "PBKDF2WithHmacSHA1")
                    .generateSecret(spec).getEncoded();
            return Base64.getEncoder().encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return algorithm + "$" + iterations + "$...";
    }
}
