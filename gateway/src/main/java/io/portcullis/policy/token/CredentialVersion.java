package io.portcullis.policy.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portcullis.policy.model.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short fingerprint of a user's password hash, carried in every token ({@code pwv} claim): when ops change the
 * hash in users.yaml, every token issued before stops matching (DESIGN.md "Token endpoints").
 */
public final class CredentialVersion {

    public static final String CLAIM = "pwv";
    /** Fingerprints by password hash: every authenticated request checks one, the hashes change only on reload. */
    private static final Cache<String, String> FINGERPRINTS = Caffeine.newBuilder().maximumSize(100_000).build();

    private CredentialVersion() {
    }

    public static String of(User user) {
        return FINGERPRINTS.get(user.passwordHash(), CredentialVersion::fingerprint);
    }

    private static String fingerprint(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("portcullis-pwv:" + passwordHash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Constant-time: the claim must match the user's current fingerprint. */
    public static boolean matches(String claim, User user) {
        return claim != null && MessageDigest.isEqual(claim.getBytes(StandardCharsets.UTF_8),
                of(user).getBytes(StandardCharsets.UTF_8));
    }
}
