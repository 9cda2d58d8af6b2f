package io.portcullis.gateway.support;

/** The bodies SimpleJWT 5.2 answers a refused token with, as the gateway must render them byte for byte. */
public final class SimpleJwtAnswers {

    public static final String INVALID_OR_EXPIRED = "Token is invalid or expired";
    public static final String WRONG_TYPE = "Token has wrong type";
    public static final String BLACKLISTED = "Token is blacklisted";

    private SimpleJwtAnswers() {
    }

    /** JWTAuthentication's answer for a refused Bearer token: the generic detail, the reason in {@code messages}. */
    public static String bearerRefused(String message) {
        return "{\"detail\":\"Given token not valid for any token type\",\"code\":\"token_not_valid\",\"messages\":"
                + "[{\"token_class\":\"AccessToken\",\"token_type\":\"access\",\"message\":\"" + message + "\"}]}";
    }

    /** The token endpoints' answer for a refused token (refresh, verify, blacklist): the reason as the detail. */
    public static String endpointRefused(String message) {
        return "{\"detail\":\"" + message + "\",\"code\":\"token_not_valid\"}";
    }
}
