package io.portcullis.gateway.tokens;

/**
 * The token store could not be read or written in time. Never a disguised 401 and never a silent allow: it becomes
 * DESIGN.md's {@code 503 store_unavailable}, because a revoked credential must never pass.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String what, Throwable cause) {
        super(what + " failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()), null, false, false);
    }
}
