package io.portcullis.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ErrorHandler;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.core.io.JsonStringEncoder;

import java.time.Instant;

/**
 * Wraps every public request: gives it a request id (passed upstream and back), and when it ends writes one JSON
 * access-log line (logger {@code portcullis.access}) and the request metrics. Logs the path without its query and no
 * header: never a token, password or API key. With tracing on, the request's server span ({@link RequestTracing}) spans
 * the same time, and the log line carries its {@code trace_id}.
 */
public final class RequestObserver implements Phase {

    private static final Logger access = LoggerFactory.getLogger("portcullis.access");
    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();
    private static final String CANCELLED = "cancelled";
    /** Every answer the gateway gave itself instead of the upstream's, by its stable reason id. */
    public static final String REFUSALS = "portcullis.requests.refused";

    private final TaggedCounters requests;
    private final TaggedCounters throttleDecisions;
    private final TaggedCounters authenticationFailures;
    private final RequestTracing tracing;
    private final TaggedCounters refusals;

    public RequestObserver(MeterRegistry metrics, RequestTracing tracing) {
        this.tracing = tracing;
        this.requests = new TaggedCounters(metrics, "portcullis.requests", "route", "outcome");
        this.throttleDecisions = new TaggedCounters(metrics, "portcullis.throttle.decisions", "scope", "result");
        this.authenticationFailures = new TaggedCounters(metrics, "portcullis.authentication.failures", "scheme", "reason");
        this.refusals = new TaggedCounters(metrics, REFUSALS, "route", "reason");
    }

    @Override
    public int getOrder() {
        return FilterOrder.OBSERVE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        String requestId = RequestIds.accept(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        // forwarded upstream by IdentityHeadersFilter, which rewrites the request's headers anyway
        exchange.getAttributes().put(ExchangeAttributes.REQUEST_ID, requestId);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
        tracing.start(exchange);
        return chain.filter(exchange)
                .onErrorResume(error -> ErrorHandler.answer(exchange, error))
                .doFinally(signal -> record(exchange, exchange.getRequest().getPath().value(), start,
                        signal == SignalType.CANCEL));
    }

    /** Per scope: the refusing scope is named in the 429's reason; a request that passed the throttle phase passed every scope. */
    private void countThrottleDecisions(ServerWebExchange exchange, RouteMatch match, ApiError error) {
        Decision decision = exchange.getAttribute(ExchangeAttributes.DECISION);
        if (match == null || decision == null || !decision.granted()) {
            return;
        }
        if (error != null && error.reason().startsWith("throttled:")) {
            throttleDecisions.increment(error.reason().substring("throttled:".length()), "throttled");
            return;
        }
        if (error == null || error.status().value() != 429) {
            for (String scope : match.route().throttle()) {
                throttleDecisions.increment(scope, "admitted");
            }
        }
    }

    /**
     * {@code cancelled}: the server gave up on the exchange (its connection closed, or the server is stopping) before
     * it ended; without an error of its own it is logged and counted as {@code cancelled}, never as an answer.
     */
    private void record(ServerWebExchange exchange, String rawPath, long start, boolean cancelled) {
        long totalNanos = System.nanoTime() - start;
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        Identity identity = exchange.getAttribute(ExchangeAttributes.IDENTITY);
        ApiError error = exchange.getAttribute(ExchangeAttributes.ERROR);
        Long upstreamNanos = exchange.getAttribute(ExchangeAttributes.UPSTREAM_NANOS);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        int code = status == null ? 200 : status.value();
        String route = match != null ? match.route().id() : "none";
        String reason = error != null ? error.reason() : cancelled ? CANCELLED : null;
        // an answer cut short after a 200 went out is still the gateway's 5xx (its error says 502), not a 200
        String outcome = error == null ? (cancelled ? CANCELLED : match != null ? "forwarded" : "gateway")
                : code >= 500 || error.status().is5xxServerError() ? "5xx" : Integer.toString(code);
        requests.increment(route, outcome);
        if (error != null) {
            refusals.increment(route, error.reason());
        }
        countThrottleDecisions(exchange, match, error);
        if (error != null && code == 401 && !"not_authenticated".equals(error.reason())) {
            String scheme = exchange.getAttributeOrDefault(ExchangeAttributes.ATTEMPTED_SCHEME, "none");
            authenticationFailures.increment(scheme, error.reason());
        }
        String traceId = tracing.end(exchange, match, code, error, cancelled);
        if (!access.isInfoEnabled()) {
            return;
        }
        StringBuilder line = new StringBuilder(320).append('{');
        string(line, "time", Instant.now().toString());
        string(line.append(','), "request_id", exchange.getAttribute(ExchangeAttributes.REQUEST_ID));
        if (traceId != null) {
            string(line.append(','), "trace_id", traceId);
        }
        string(line.append(','), "method", exchange.getRequest().getMethod().name());
        string(line.append(','), "path", rawPath);
        string(line.append(','), "route", route);
        string(line.append(','), "user_id", identity == null ? null : identity.userId());
        string(line.append(','), "scheme", identity == null ? null : identity.scheme());
        string(line.append(','), "issuer", identity == null ? null : identity.issuer());
        line.append(",\"status\":").append(code);
        string(line.append(','), "reason", reason);
        line.append(",\"total_ms\":").append(totalNanos / 1_000_000.0);
        line.append(",\"upstream_ms\":").append(upstreamNanos == null ? "null" : Double.toString(upstreamNanos / 1_000_000.0));
        access.info(line.append('}').toString());
    }

    /** {@code "name":"value"} with the value JSON-escaped, or {@code "name":null}. */
    private static void string(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":");
        if (value == null) {
            line.append("null");
            return;
        }
        line.append('"');
        JSON.quoteAsString(value, line);
        line.append('"');
    }
}
