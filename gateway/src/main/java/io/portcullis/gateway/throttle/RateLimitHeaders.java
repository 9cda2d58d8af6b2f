package io.portcullis.gateway.throttle;

import io.portcullis.policy.rate.RateDecision;
import org.springframework.http.HttpHeaders;

/**
 * The quota headers of admitted responses (DESIGN.md "Throttle scopes"; IETF httpapi RateLimit header fields):
 * the tightest scope's limit, what it has left, and the seconds until its oldest counted request leaves the window.
 */
public final class RateLimitHeaders {

    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";

    private RateLimitHeaders() {
    }

    /** Sets the three headers from {@code decision}, replacing any an upstream sent; nothing when unmetered. */
    static void set(HttpHeaders headers, RateDecision decision) {
        if (!decision.metered()) {
            return;
        }
        headers.set(LIMIT, Integer.toString(decision.limit()));
        headers.set(REMAINING, Integer.toString(decision.remaining()));
        headers.set(RESET, Long.toString(decision.resetSeconds()));
    }
}
