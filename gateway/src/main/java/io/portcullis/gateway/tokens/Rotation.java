package io.portcullis.gateway.tokens;

/** The outcome of presenting a refresh token for rotation. */
public enum Rotation {
    /** First use: the token is now spent and a successor may be issued. */
    ROTATED,
    /**
     * Spent, but presented again within the reuse interval after its rotation: a client retrying a refresh whose
     * answer it never got. A successor of the same family may be issued; nothing is revoked.
     */
    GRACED,
    /** Spent longer ago than the reuse interval: treated as theft, the whole family is now revoked. */
    REUSED,
    /** The token or its family was revoked (blacklist, logout, reuse): never graced. */
    REVOKED
}
