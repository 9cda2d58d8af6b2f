package io.portcullis.gateway.web;

/**
 * SimpleJWT 5.2's own words for why a token was refused ({@code TokenError} texts of its {@code tokens.py}), by the
 * gateway's reason id. SimpleJWT turns every decoding failure (signature, algorithm, format, {@code exp}, {@code nbf},
 * {@code iat}, {@code iss}, {@code aud}) into one text, so only the type and the blacklist have their own.
 */
final class SimpleJwtMessages {

    static final String INVALID_OR_EXPIRED = "Token is invalid or expired";

    private SimpleJwtMessages() {
    }

    static String of(String reason) {
        return switch (reason) {
            case "token_wrong_type" -> "Token has wrong type";
            // a spent (rotated) refresh token is blacklisted in SimpleJWT; a revoked login's are too
            case "token_revoked", "token_reused" -> "Token is blacklisted";
            default -> INVALID_OR_EXPIRED;
        };
    }
}
