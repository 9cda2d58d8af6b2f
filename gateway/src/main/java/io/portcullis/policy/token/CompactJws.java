package io.portcullis.policy.token;

/**
 * The shape of a JWS in compact serialization read strictly (RFC 7515 section 7.1): three segments, each unpadded
 * base64url (section 2) in its one canonical spelling. jjwt's decoder is lenient ({@code =} padding, {@code +} and
 * {@code /}, skipped whitespace), which would let one signed token be written many ways; checked before jjwt reads it.
 */
final class CompactJws {

    private static final int SEGMENTS = 3;

    private CompactJws() {
    }

    /**
     * Refuses, before any parsing work, a token longer than {@link JwtVerifier#MAX_TOKEN_LENGTH} ({@code token_too_long})
     * or not {@link #strictlyEncoded} ({@code token_malformed}): the first check of every verifier and of the issuer
     * lookup alike.
     */
    static void requireReadable(String token) throws InvalidTokenException {
        if (token.length() > JwtVerifier.MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token_too_long");
        }
        if (!strictlyEncoded(token)) {
            throw new InvalidTokenException("token_malformed");
        }
    }

    /** True when {@code token} is three dot-separated segments, each strict unpadded base64url (an empty one too). */
    static boolean strictlyEncoded(String token) {
        int segments = 0;
        int start = 0;
        for (int i = 0; i <= token.length(); i++) {
            if (i == token.length() || token.charAt(i) == '.') {
                if (++segments > SEGMENTS || !canonicalEnd(token, start, i)) {
                    return false;
                }
                start = i + 1;
            } else if (value(token.charAt(i)) < 0) {
                return false;
            }
        }
        return segments == SEGMENTS;
    }

    /**
     * A length of 4n+1 characters encodes no whole byte; with 4n+2 or 4n+3 the last character carries 4 or 2 bits
     * beyond the data, which must be zero (RFC 4648 section 3.5), else two spellings would decode alike.
     */
    private static boolean canonicalEnd(String token, int start, int end) {
        int unusedBits = switch ((end - start) % 4) {
            case 0 -> 0;
            case 2 -> 4;
            case 3 -> 2;
            default -> -1;
        };
        if (unusedBits <= 0) {
            return unusedBits == 0;
        }
        return (value(token.charAt(end - 1)) & ((1 << unusedBits) - 1)) == 0;
    }

    /** The 6-bit value of a base64url character (RFC 4648 table 2), or -1. */
    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }
}
