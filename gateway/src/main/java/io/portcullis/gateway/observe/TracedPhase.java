package io.portcullis.gateway.observe;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.Phase;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.match.RouteMatch;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A pipeline phase in a child span of the request's server span. The span covers the phase's own work only: it ends
 * when the phase passes the request on ({@code portcullis.decision=allowed}) or answers it itself (the status it
 * answered with), whichever comes first. The phase itself is unchanged.
 */
final class TracedPhase implements Phase {

    private final Phase phase;
    private final String name;
    private final Tracer tracer;
    private final Predicate<ServerWebExchange> works;

    /** {@code works}: whether the phase does anything for this request (no span for a phase that only passes on). */
    TracedPhase(Phase phase, String name, Tracer tracer, Predicate<ServerWebExchange> works) {
        this.phase = phase;
        this.name = name;
        this.tracer = tracer;
        this.works = works;
    }

    @Override
    public int getOrder() {
        return phase.getOrder();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next) {
        Span parent = exchange.getAttribute(ServerSpans.SPAN);
        if (parent == null || !works.test(exchange)) {
            return phase.filter(exchange, next);
        }
        Span span = tracer.nextSpan(parent).name(name).start();
        AtomicBoolean ended = new AtomicBoolean();
        WebFilterChain passOn = passed -> {
            end(span, ended, passed, null);
            return next.filter(passed);
        };
        return phase.filter(exchange, passOn)
                .doOnError(failure -> end(span, ended, exchange, failure))
                .doFinally(signal -> end(span, ended, exchange, null));
    }

    /** Once: a failure the phase did not answer itself is answered later by the error handler, as {@code error}. */
    private static void end(Span span, AtomicBoolean ended, ServerWebExchange exchange, Throwable failure) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ApiError error = exchange.getAttribute(ExchangeAttributes.ERROR);
        String scheme = ServerSpans.scheme(exchange, error);
        if (scheme != null) {
            span.tag("portcullis.auth.scheme", scheme);
        }
        if (failure != null) {
            span.tag("portcullis.decision", "error");
            // the type only: an exception's message is not checked for secrets
            span.tag("error.type", failure.getClass().getName());
        } else {
            span.tag("portcullis.decision", error == null ? "allowed" : Integer.toString(error.status().value()));
        }
        span.end();
    }

    static boolean routed(ServerWebExchange exchange) {
        return exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH) != null;
    }

    /** As {@code ThrottleFilter}: a granted request on a route with throttle scopes. */
    static boolean throttled(ServerWebExchange exchange) {
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        Decision decision = exchange.getAttribute(ExchangeAttributes.DECISION);
        return match != null && decision != null && decision.granted() && !match.route().throttle().isEmpty();
    }
}
