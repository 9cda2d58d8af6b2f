package io.portcullis.policy.password;

import java.util.Base64;

/**
 * Base64 as the hashers' own decoders read it: only the canonical encoding of some bytes, so that a hash written
 * any other way (padding where there is none, stray low bits in the last character) is refused, not reinterpreted.
 */
final class Base64Strict {

    private Base64Strict() {
    }

    /** The bytes {@code text} encodes in unpadded standard base64 (libargon2's form), or null. */
    static byte[] unpadded(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Base64.getEncoder().withoutPadding().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
