package io.portcullis.policy.password;

import java.util.Map;
import java.util.function.Function;

/** One stored Django hash, parsed and within {@link CostLimits}: it checks a password's UTF-8 bytes against itself. */
sealed interface DjangoHash permits Pbkdf2Hash, Argon2Hash, BcryptHash, ScryptHash {

    /** Longer than any hash Django makes (its column holds 128 characters); longer strings are not parsed. */
    int MAX_ENCODED_LENGTH = 1024;

    /** Each supported hasher's algorithm name (Django's {@code identify_hasher}: the text before the first $). */
    Map<String, Function<String, DjangoHash>> PARSERS = Map.of(
            "pbkdf2_sha256", Pbkdf2Hash::parse,
            "pbkdf2_sha1", Pbkdf2Hash::parse,
            "argon2", Argon2Hash::parse,
            "bcrypt_sha256", BcryptHash::parse,
            "bcrypt", BcryptHash::parse,
            "scrypt", ScryptHash::parse);

    /** Constant time: the work does not depend on how much of the hash matches. */
    boolean verify(byte[] password);

    /** The hash {@code encoded} stands for, or null when it is unusable, unsupported, malformed or too costly. */
    static DjangoHash parse(String encoded) {
        String algorithm = algorithmOf(encoded);
        if (algorithm == null || encoded.length() > MAX_ENCODED_LENGTH || Utf8.strict(encoded) == null) {
            return null;
        }
        try {
            return PARSERS.get(algorithm).apply(encoded);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The supported algorithm {@code encoded} names, or null. */
    static String algorithmOf(String encoded) {
        if (encoded == null) {
            return null;
        }
        int dollar = encoded.indexOf('$');
        String algorithm = dollar < 0 ? null : encoded.substring(0, dollar);
        return algorithm != null && PARSERS.containsKey(algorithm) ? algorithm : null;
    }
}
