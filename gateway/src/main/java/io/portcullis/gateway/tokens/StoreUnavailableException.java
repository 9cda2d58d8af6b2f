package io.portcullis.gateway.tokens;

import io.portcullis.gateway.store.StoreBreaker;

/**
 * The token store could not be read or written in time. Never a disguised 401 and never a silent allow: it becomes
 * DESIGN.md's {@code 503 store_unavailable}, because a revoked credential must never pass.
 */
public final class StoreUnavailableException extends RuntimeException {

    private final boolean notSent;

    public StoreUnavailableException(String what, Throwable cause) {
        super(what + " failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()), null, false, false);
        this.notSent = cause != null && StoreBreaker.notSent(cause);
    }

    /** True when the store's breaker refused the call: an outage it has already reported, not news to log again. */
    public boolean notSent() {
        return notSent;
    }
}
