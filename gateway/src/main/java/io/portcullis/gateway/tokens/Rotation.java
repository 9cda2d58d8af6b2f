package io.portcullis.gateway.tokens;

/** The outcome of presenting a refresh token for rotation. */
public enum Rotation {
    /** First use: the token is now spent and a successor may be issued. */
    ROTATED,
    /** Already spent: treated as theft, the whole family is now revoked. */
    REUSED,
    /** The token or its family was revoked (blacklist, logout, reuse). */
    REVOKED
}
