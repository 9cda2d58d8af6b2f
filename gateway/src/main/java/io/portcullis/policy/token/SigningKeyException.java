package io.portcullis.policy.token;

/**
 * The configured JWT keys cannot be used: a short secret, a missing or empty keys directory, a key file that cannot be
 * read, a key of the wrong type or size, or a key setting that contradicts {@code tokens.algorithm}. The message is one
 * line naming the setting or file and never holds key material; the gateway does not start.
 */
public final class SigningKeyException extends IllegalArgumentException {

    public SigningKeyException(String message) {
        super(message);
    }

    public SigningKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
