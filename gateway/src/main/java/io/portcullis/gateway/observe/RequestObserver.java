package io.portcullis.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.ErrorHandler;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.PublicPort;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wraps every public request: gives it a request id (passed upstream and back), and when it ends writes one JSON
 * access-log line (logger {@code portcullis.access}) and the request metrics. Logs the path without its query and no
 * header: never a token, password or API key.
 */
public final class RequestObserver implements WebFilter, Ordered {

    private static final Logger access = LoggerFactory.getLogger("portcullis.access");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MeterRegistry metrics;
    private final PublicPort publicPort;

    public RequestObserver(MeterRegistry metrics, PublicPort publicPort) {
        this.metrics = metrics;
        this.publicPort = publicPort;
    }

    @Override
    public int getOrder() {
        return FilterOrder.OBSERVE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!publicPort.received(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        String requestId = RequestIds.accept(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        ServerWebExchange tagged = exchange.mutate().request(r -> r.headers(h -> h.set(RequestIds.HEADER, requestId))).build();
        tagged.getAttributes().put(ExchangeAttributes.REQUEST_ID, requestId);
        tagged.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
        return chain.filter(tagged)
                .onErrorResume(error -> ApiErrorWriter.write(tagged, ErrorHandler.toApiError(error)))
                .doFinally(signal -> record(tagged, exchange.getRequest().getPath().value(), start));
    }

    /** Per scope: the refusing scope is named in the 429's reason; a request that passed the throttle phase passed every scope. */
    private void countThrottleDecisions(ServerWebExchange exchange, RouteMatch match, ApiError error) {
        Decision decision = exchange.getAttribute(ExchangeAttributes.DECISION);
        if (match == null || decision == null || !decision.granted()) {
            return;
        }
        if (error != null && error.reason().startsWith("throttled:")) {
            metrics.counter("portcullis.throttle.decisions", "scope", error.reason().substring("throttled:".length()),
                    "result", "throttled").increment();
            return;
        }
        if (error == null || error.status().value() != 429) {
            for (String scope : match.route().throttle()) {
                metrics.counter("portcullis.throttle.decisions", "scope", scope, "result", "admitted").increment();
            }
        }
    }

    private void record(ServerWebExchange exchange, String rawPath, long start) {
        long totalNanos = System.nanoTime() - start;
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        Identity identity = exchange.getAttribute(ExchangeAttributes.IDENTITY);
        ApiError error = exchange.getAttribute(ExchangeAttributes.ERROR);
        Long upstreamNanos = exchange.getAttribute(ExchangeAttributes.UPSTREAM_NANOS);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        int code = status == null ? 200 : status.value();
        String route = match != null ? match.route().id() : "none";
        String outcome = error == null ? (match != null ? "forwarded" : "gateway") : code >= 500 ? "5xx" : Integer.toString(code);
        metrics.counter("portcullis.requests", "route", route, "outcome", outcome).increment();
        countThrottleDecisions(exchange, match, error);
        if (error != null && code == 401 && !"not_authenticated".equals(error.reason())) {
            String scheme = exchange.getAttributeOrDefault(ExchangeAttributes.ATTEMPTED_SCHEME, "none");
            metrics.counter("portcullis.authentication.failures", "scheme", scheme, "reason", error.reason()).increment();
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("request_id", exchange.getAttribute(ExchangeAttributes.REQUEST_ID));
        line.put("method", exchange.getRequest().getMethod().name());
        line.put("path", rawPath);
        line.put("route", route);
        line.put("user_id", identity == null ? null : identity.userId());
        line.put("scheme", identity == null ? null : identity.scheme());
        line.put("status", code);
        line.put("reason", error == null ? null : error.reason());
        line.put("total_ms", totalNanos / 1_000_000.0);
        line.put("upstream_ms", upstreamNanos == null ? null : upstreamNanos / 1_000_000.0);
        access.info(JSON.writeValueAsString(line));
    }
}
