package io.portcullis.policy.token;

/** SimpleJWT's {@code token_type} claim. An access token is never accepted as a refresh token, nor the reverse. */
public enum TokenType {
    ACCESS("access"), REFRESH("refresh");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
