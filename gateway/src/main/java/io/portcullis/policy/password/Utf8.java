package io.portcullis.policy.password;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Passwords and salts as Django hashes them: {@code str.encode()}, UTF-8, which refuses lone surrogates. */
final class Utf8 {

    private Utf8() {
    }

    /** The UTF-8 bytes of {@code text}, or null for null or text with a lone surrogate (Python raises there). */
    static byte[] strict(CharSequence text) {
        if (text == null) {
            return null;
        }
        try {
            var bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Bytes to spend time on: the UTF-8 of {@code text}, with replacements, and empty for null. */
    static byte[] lenient(CharSequence text) {
        return text == null ? new byte[0] : text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
