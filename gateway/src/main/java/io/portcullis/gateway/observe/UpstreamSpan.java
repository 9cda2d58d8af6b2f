package io.portcullis.gateway.observe;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.portcullis.gateway.web.FilterOrder;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

/**
 * Tracing on: the upstream call in a client span, child of the server span, from the routing filter's call to the
 * upstream's response headers. The upstream receives a {@code traceparent} (and {@code tracestate}) naming this span:
 * the client's own are replaced, never forwarded verbatim.
 */
public final class UpstreamSpan implements GlobalFilter, Ordered {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final Propagator.Setter<HttpHeaders> SET = HttpHeaders::set;

    private final Tracer tracer;
    private final Propagator propagator;

    public UpstreamSpan(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public int getOrder() {
        return FilterOrder.UPSTREAM_SPAN;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (exchange.getAttribute(ServerSpans.SPAN) == null) {
            return chain.filter(exchange);
        }
        Span span = start(exchange, exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR));
        ServerWebExchange traced = exchange.mutate().request(r -> r.headers(headers -> inject(span, headers))).build();
        return chain.filter(traced)
                .doOnError(failure -> span.tag("error.type", failure.getClass().getName()))
                .doFinally(signal -> end(span, traced));
    }

    /** Starts the client span of {@code exchange}'s upstream call to {@code url}; null when it has no server span. */
    public Span start(ServerWebExchange exchange, URI url) {
        Span parent = exchange.getAttribute(ServerSpans.SPAN);
        if (parent == null) {
            return null;
        }
        String method = ServerSpans.method(exchange.getRequest().getMethod());
        Span.Builder builder = tracer.spanBuilder().setParent(parent.context()).kind(Span.Kind.CLIENT)
                .name("upstream " + method).tag("http.request.method", method);
        if (url != null && url.getHost() != null) {
            // host and port only: the path and query may carry what the access log leaves out too
            builder.tag("server.address", url.getHost()).tag("server.port", url.getPort());
        }
        return builder.start();
    }

    /** Names {@code span} in {@code forwarded}, the headers the upstream receives: the client's own are replaced. */
    public void inject(Span span, HttpHeaders forwarded) {
        forwarded.remove(TRACEPARENT);
        forwarded.remove(TRACESTATE);
        propagator.inject(span.context(), forwarded, SET);
    }

    /** Ends {@code span} with the answer's status, once the upstream call ended. */
    public static void end(Span span, ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status != null) {
            span.tag("http.response.status_code", status.value());
        }
        span.end();
    }
}
