package io.portcullis.policy.model;

import java.time.Duration;

/**
 * A route's upstream timeouts ({@code timeouts: {connect: 2s, response: 30s}} in policy.yaml); a {@code null} one
 * is the gateway-wide default ({@code spring.cloud.gateway.server.webflux.httpclient.*}). Connect past its timeout
 * or no response headers in time → 504 (DESIGN.md pipeline step 5).
 */
public record RouteTimeouts(Duration connect, Duration response) {

    /** Both from the gateway-wide defaults. */
    public static final RouteTimeouts DEFAULTS = new RouteTimeouts(null, null);
}
