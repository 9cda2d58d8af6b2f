package io.portcullis.policy.password;

/**
 * Checks a password against a hash that Django stored ({@code auth_user.password}), as Django's
 * {@code check_password} does: {@code pbkdf2_sha256}, {@code pbkdf2_sha1}, {@code argon2}, {@code bcrypt_sha256},
 * {@code bcrypt} and {@code scrypt}. Each primitive is a library's (JCA's PBKDF2, Bouncy Castle's Argon2, BCrypt and
 * SCrypt); this package only reads and writes Django's encodings, and compares in constant time.
 *
 * <p>Every method is slow on purpose (hundreds of milliseconds at Django's default costs) and blocks: call it on a
 * bounded scheduler, never on an event loop. None throws for any input, and none logs.
 */
public final class DjangoPasswords {

    /**
     * The PBKDF2 iterations {@link #dummyVerify(CharSequence)} spends: Django 5.2's default for
     * {@code pbkdf2_sha256}.
     */
    public static final int DEFAULT_PBKDF2_ITERATIONS = 1_000_000;

    private static final DjangoHash DUMMY = Pbkdf2Hash.dummy(DEFAULT_PBKDF2_ITERATIONS);

    private DjangoPasswords() {
    }

    /**
     * Whether {@code raw} is the password {@code encoded} was made from. False, never an exception, for a null
     * argument, an unusable password (Django's {@code !} prefix, {@code set_unusable_password}), a hasher this class
     * does not support, a malformed encoding, and cost parameters beyond {@link CostLimits}. Like Django, the
     * unusable and unknown cases still spend {@link #dummyVerify(CharSequence)}'s time, so that they cannot be told
     * from a wrong password by timing.
     */
    public static boolean matches(CharSequence raw, String encoded) {
        DjangoHash hash = DjangoHash.parse(encoded);
        byte[] password = Utf8.strict(raw);
        if (hash == null || password == null) {
            dummyVerify(raw);
            return false;
        }
        try {
            return hash.verify(password);
        } catch (RuntimeException e) {
            return false; // a primitive refusing what the parser let through: Django would not match it either
        }
    }

    /**
     * Whether {@code encoded} is in one of the supported hashers' encodings (its algorithm name and a {@code $}) or is
     * Django's unusable password ({@code !...}): the strings {@link #matches} is the checker for. It looks at the
     * prefix only; {@link #matches} checks the rest.
     */
    public static boolean isDjangoEncoded(String encoded) {
        return encoded != null && (encoded.startsWith("!") || DjangoHash.algorithmOf(encoded) != null);
    }

    /**
     * Spends the time of checking {@code raw} against a {@code pbkdf2_sha256} hash at
     * {@link #DEFAULT_PBKDF2_ITERATIONS}, and returns nothing: what Django's {@code ModelBackend} does for an unknown
     * username ({@code make_password} on a miss), so that a missing user costs what a wrong password costs.
     */
    public static void dummyVerify(CharSequence raw) {
        spend(DUMMY, raw);
    }

    /**
     * Spends the time of checking {@code raw} against a hash with {@code likeEncoded}'s hasher and cost parameters,
     * for instance one read recently from the same database, so that an unknown user costs what the database's real
     * hashes cost. Falls back to {@link #dummyVerify(CharSequence)} when {@code likeEncoded} is not a usable,
     * supported hash. The result of the check is thrown away: a dummy never matches anything.
     */
    public static void dummyVerify(CharSequence raw, String likeEncoded) {
        DjangoHash like = DjangoHash.parse(likeEncoded);
        spend(like == null ? DUMMY : like, raw);
    }

    private static void spend(DjangoHash hash, CharSequence raw) {
        try {
            hash.verify(Utf8.lenient(raw));
        } catch (RuntimeException e) {
            // the time is spent or the hash was refused; either way nothing matches
        }
    }
}
