package io.portcullis.gateway.tokens;

import io.portcullis.policy.token.TokenRandom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** DRF's token keys: 40 hex characters from a SecureRandom ({@link TokenRandom}). Only their SHA-256 is ever stored. */
public final class OpaqueKeys {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{40}");

    private OpaqueKeys() {
    }

    public static String newKey() {
        return TokenRandom.hex(20);
    }

    public static boolean wellFormed(String key) {
        return KEY.matcher(key).matches();
    }

    /** Lower-case hex SHA-256 of the key as sent: the store's lookup key (also used for API keys). */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
