package io.portcullis.policy.token;

/**
 * A JWT that must not be accepted. {@code reason} is a stable id for logs and metrics (never the token or its
 * claims); clients always get SimpleJWT's one token_not_valid answer.
 */
public final class InvalidTokenException extends Exception {

    private final String reason;

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
