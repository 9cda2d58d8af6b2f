package io.portcullis.policy.decide;

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

    /** Stable reason id for logs, metrics and explain. */
    public String reason() {
        return switch (this) {
            case GRANTED -> "granted";
            case NOT_AUTHENTICATED -> "not_authenticated";
            case PERMISSION_DENIED -> "permission_denied";
        };
    }
}
