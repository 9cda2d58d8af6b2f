package io.portcullis.gateway.web;

import org.springframework.core.Ordered;

/**
 * The order of the pipeline's phases (DESIGN.md "Request pipeline"): guard → route → authenticate → permit → throttle
 * → body.
 */
public final class FilterOrder {

    /** Request id, access log and metrics: wraps everything else. */
    public static final int OBSERVE = Ordered.HIGHEST_PRECEDENCE;
    public static final int REQUEST_GUARD = Ordered.HIGHEST_PRECEDENCE + 100;
    public static final int ROUTE_MATCH = REQUEST_GUARD + 100;
    public static final int AUTHENTICATION = ROUTE_MATCH + 100;
    public static final int PERMISSION = AUTHENTICATION + 100;
    public static final int THROTTLE = PERMISSION + 100;
    /** Last: only a request that will be forwarded has its body read (and buffered). */
    public static final int REQUEST_BODY = THROTTLE + 100;
    /** Gateway filter: after Spring Cloud Gateway's RouteToRequestUrlFilter (10000), before the Netty routing filter. */
    public static final int IDENTITY_HEADERS = 10_100;
    /** Gateway filter: after the identity headers, so the {@code traceparent} it sets is the one forwarded. */
    public static final int UPSTREAM_SPAN = IDENTITY_HEADERS + 100;
    /** Gateway filter: right before the Netty routing filter (lowest precedence), to time the upstream. */
    public static final int UPSTREAM_TIMER = Ordered.LOWEST_PRECEDENCE - 1;

    private FilterOrder() {
    }
}
