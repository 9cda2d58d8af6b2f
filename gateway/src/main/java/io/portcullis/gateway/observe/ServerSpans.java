package io.portcullis.gateway.observe;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import java.util.List;
import java.util.Set;

/**
 * Tracing on: one server span per public request, named by method and policy route ({@code GET posts}; a request no
 * route matched is {@code GET unmatched}), continuing the client's W3C trace context. The span is handed to the child
 * spans through an exchange attribute, never through thread locals or the Reactor context, so nothing is propagated
 * per operator. Attributes carry no header value, token or password.
 */
public final class ServerSpans implements RequestTracing {

    /** The request's server span (a {@link Span}). */
    public static final String SPAN = "io.portcullis.serverSpan";
    static final String UNMATCHED = "unmatched";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "CONNECT");
    private static final Propagator.Getter<HttpHeaders> HEADERS = HttpHeaders::getFirst;

    private final Tracer tracer;
    private final Propagator propagator;

    public ServerSpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public void start(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String method = method(request.getMethod());
        Span span = propagator.extract(request.getHeaders(), HEADERS)
                .kind(Span.Kind.SERVER)
                .name(method)
                .tag("http.request.method", method)
                .start();
        exchange.getAttributes().put(SPAN, span);
    }

    @Override
    public String end(ServerWebExchange exchange, RouteMatch match, int status, ApiError error, boolean cancelled) {
        Span span = exchange.getAttribute(SPAN);
        if (span == null) {
            return null;
        }
        String route = match == null ? UNMATCHED : match.route().id();
        span.name(method(exchange.getRequest().getMethod()) + " " + route);
        if (match != null) {
            span.tag("http.route", route);
        }
        span.tag("http.response.status_code", status);
        span.tag("portcullis.decision", decision(status, error, cancelled));
        String scheme = scheme(exchange, error);
        if (scheme != null) {
            span.tag("portcullis.auth.scheme", scheme);
        }
        if (status >= 500) {
            span.tag("error.type", Integer.toString(status));
        }
        span.end();
        return span.context().traceId();
    }

    @Override
    public List<? extends Phase> traced(List<? extends Phase> phases) {
        return phases.stream().map(this::traced).toList();
    }

    private Phase traced(Phase phase) {
        return switch (phase.getOrder()) {
            case FilterOrder.AUTHENTICATION -> new TracedPhase(phase, "authenticate", tracer, TracedPhase::routed);
            case FilterOrder.THROTTLE -> new TracedPhase(phase, "throttle", tracer, TracedPhase::throttled);
            default -> phase;
        };
    }

    /** {@code allowed} when the gateway refused nothing, else the status it answered with (401, 403, 429, 502, ...). */
    static String decision(int status, ApiError error, boolean cancelled) {
        if (error != null) {
            return Integer.toString(status);
        }
        return cancelled ? "cancelled" : "allowed";
    }

    /** The scheme that authenticated the request, or the one whose credential was refused; null when none ran. */
    static String scheme(ServerWebExchange exchange, ApiError error) {
        Identity identity = exchange.getAttribute(ExchangeAttributes.IDENTITY);
        if (identity != null) {
            return identity.scheme();
        }
        return error != null && error.status().value() == 401
                ? exchange.getAttribute(ExchangeAttributes.ATTEMPTED_SCHEME) : null;
    }

    /** Semantic conventions: a method outside the standard set is {@code _OTHER} (no client-chosen span names). */
    static String method(HttpMethod method) {
        String name = method.name();
        return METHODS.contains(name) ? name : "_OTHER";
    }
}
