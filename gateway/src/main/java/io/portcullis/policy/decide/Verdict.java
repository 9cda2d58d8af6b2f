package io.portcullis.policy.decide;

import java.util.List;

/** The permission phase's answer, before it becomes an HTTP status (DRF's permission_denied rule). */
public enum Verdict {
    GRANTED,
    /** Denied, and the request carried no accepted credential: 401 with a challenge. */
    NOT_AUTHENTICATED,
    /** Denied to an authenticated identity: 403. */
    PERMISSION_DENIED;

    public int status() {
        return switch (this) {
            case GRANTED -> 200;
            case NOT_AUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
        };
    }

    /**
     * The status under {@code authentication} (the configured schemes, in order): DRF answers a refused anonymous
     * request 401 only when its first authenticator has a challenge to send, else 403 ({@link #challenges}).
     */
    public int status(List<String> authentication) {
        return this == NOT_AUTHENTICATED && (authentication.isEmpty() || !challenges(authentication.get(0))) ? 403 : status();
    }

    /** Whether {@code scheme} has a WWW-Authenticate challenge: jwt (Bearer), token (Token), basic (Basic). */
    public static boolean challenges(String scheme) {
        return switch (scheme) {
            case "jwt", "token", "basic" -> true;
            default -> false;
        };
    }

    /** Stable reason id for logs, metrics and explain. */
    public String reason() {
        return switch (this) {
            case GRANTED -> "granted";
            case NOT_AUTHENTICATED -> "not_authenticated";
            case PERMISSION_DENIED -> "permission_denied";
        };
    }
}
