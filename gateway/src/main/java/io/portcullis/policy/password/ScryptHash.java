package io.portcullis.policy.password;

import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Django's {@code ScryptPasswordHasher} (Django 4.0 and later):
 * {@code scrypt$<N>$<salt>$<r>$<p>$<base64 of the 64-byte key>}. Only parameters Django can check itself are read:
 * N a power of two above 1, and at most the 32 MiB OpenSSL lets {@code hashlib.scrypt} use.
 */
record ScryptHash(int n, String salt, int r, int p, String encoded) implements DjangoHash {

    private static final int KEY_LENGTH = 64;

    static ScryptHash parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 6 || parts[2].isEmpty()) {
            return null;
        }
        long n = Decimal.positive(parts[1], CostLimits.SCRYPT_MEMORY_BYTES);
        long r = Decimal.positive(parts[3], CostLimits.SCRYPT_MEMORY_BYTES);
        long p = Decimal.positive(parts[4], CostLimits.SCRYPT_PARALLELISM);
        boolean valid = n > 1 && (n & (n - 1)) == 0 && r > 0 && p > 0
                && (16 * r > 63 || n < 1L << (16 * r))
                && 128 * r * (n + 2 + p) <= CostLimits.SCRYPT_MEMORY_BYTES;
        return valid ? new ScryptHash((int) n, parts[2], (int) r, (int) p, encoded) : null;
    }

    @Override
    public boolean verify(byte[] password) {
        byte[] key = SCrypt.generate(password, salt.getBytes(StandardCharsets.UTF_8), n, r, p, KEY_LENGTH);
        String actual = "scrypt$" + n + "$" + salt + "$" + r + "$" + p + "$" + Base64.getEncoder().encodeToString(key);
        return MessageDigest.isEqual(encoded.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "scrypt$" + n + "$...$" + r + "$" + p + "$...";
    }
}
