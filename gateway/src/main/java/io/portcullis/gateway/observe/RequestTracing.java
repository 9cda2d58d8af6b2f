package io.portcullis.gateway.observe;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.Phase;
import io.portcullis.policy.match.RouteMatch;
import org.springframework.web.server.ServerWebExchange;

import java.util.List;

/**
 * The tracing of public requests, as {@link RequestObserver} and the pipeline see it. {@link #OFF} unless an OTLP
 * endpoint is configured (docs/observability.md): then nothing is extracted, started or injected, and the access log
 * has no {@code trace_id}.
 */
public interface RequestTracing {

    RequestTracing OFF = new RequestTracing() {
    };

    /** Starts the request's server span, continuing a W3C {@code traceparent}; called first, once per request. */
    default void start(ServerWebExchange exchange) {
    }

    /**
     * Ends the server span with the request's outcome and returns its trace id (for the access log), or null when
     * tracing is off.
     */
    default String end(ServerWebExchange exchange, RouteMatch match, int status, ApiError error, boolean cancelled) {
        return null;
    }

    /** The phases with the traced ones (authentication, throttle) wrapped in their child spans. */
    default List<? extends Phase> traced(List<? extends Phase> phases) {
        return phases;
    }
}
