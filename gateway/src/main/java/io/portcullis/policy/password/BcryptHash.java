package io.portcullis.policy.password;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Django's {@code BCryptSHA256PasswordHasher} ({@code bcrypt_sha256$$2b$12$...}: bcrypt of the lower-case hex
 * SHA-256 of the password, so long passwords are not cut) and {@code BCryptPasswordHasher} ({@code bcrypt$$2b$...}:
 * bcrypt of the password itself, of which bcrypt reads the first 72 bytes). Django compares the whole re-made
 * string, so only what bcrypt itself writes can match: {@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost
 * and 53 characters of bcrypt's base64.
 */
record BcryptHash(boolean sha256, int cost, String bcrypt) implements DjangoHash {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    static BcryptHash parse(String encoded) {
        int dollar = encoded.indexOf('$');
        String bcrypt = encoded.substring(dollar + 1);
        var matcher = BCRYPT.matcher(bcrypt);
        if (!matcher.matches()) {
            return null;
        }
        int cost = Integer.parseInt(matcher.group(1));
        boolean withinLimits = cost >= 4 && cost <= CostLimits.BCRYPT_COST;
        return withinLimits ? new BcryptHash(encoded.startsWith("bcrypt_sha256$"), cost, bcrypt) : null;
    }

    @Override
    public boolean verify(byte[] password) {
        byte[] secret = sha256 ? hexSha256(password) : password;
        if (!sha256 && contains(password, (byte) 0)) {
            // pyca/bcrypt refuses a NUL byte (Django then fails the request): nothing can match
            OpenBSDBCrypt.checkPassword(bcrypt, new byte[0]);
            return false;
        }
        // Bouncy Castle re-makes the whole string and compares it in constant time, as Django does
        return OpenBSDBCrypt.checkPassword(bcrypt, secret);
    }

    private static byte[] hexSha256(byte[] password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password);
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static boolean contains(byte[] bytes, byte wanted) {
        for (byte b : bytes) {
            if (b == wanted) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return (sha256 ? "bcrypt_sha256" : "bcrypt") + "$cost " + cost + "$...";
    }
}
