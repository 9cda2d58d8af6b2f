package io.portcullis.policy.token;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The random source of every id, key and secret minted while serving a request: {@code jti} and token families,
 * opaque token keys, CSRF secrets. It is the JDK's {@code DRBG} (NIST SP 800-90A), seeded once when this class
 * initialises and then pure computation. The platform default (NativePRNG) reads {@code /dev/urandom} whenever its
 * small buffer runs dry: a file read under a process-wide lock, on whichever event loop mints the token.
 */
public final class TokenRandom {

    private static final SecureRandom DRBG = seeded();

    private TokenRandom() {
    }

    /**
     * Makes sure the generator is seeded. Initialising this class does it; start-up calls this so that the one
     * seeding read of the entropy source never happens on an event loop.
     */
    public static void seed() {
        // class initialisation (above) has seeded DRBG by the time this runs
    }

    /** {@code count} random bytes. */
    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        DRBG.nextBytes(bytes);
        return bytes;
    }

    /** {@code count} random bytes as lower-case hex ({@code 2 * count} characters). */
    public static String hex(int count) {
        return HexFormat.of().formatHex(bytes(count));
    }

    private static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[1]); // a DRBG seeds itself on first use: do it now
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is required of every JVM since Java 9", e);
        }
    }
}
