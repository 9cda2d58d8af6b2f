package io.portcullis.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.policy.match.RouteMatch;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Times the upstream, from the routing filter's call to its response headers: {@code portcullis.upstream.latency}. */
public final class UpstreamTimer implements GlobalFilter, Ordered {

    private final MeterRegistry metrics;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public UpstreamTimer(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Resolved once per route id: building and registering a Timer looks it up by tags every time. */
    private Timer timer(String route) {
        Timer timer = timers.get(route);
        return timer != null ? timer : timers.computeIfAbsent(route, id -> Timer.builder("portcullis.upstream.latency")
                .tag("route", id)
                .publishPercentileHistogram()
                .register(metrics));
    }

    @Override
    public int getOrder() {
        return FilterOrder.UPSTREAM_TIMER;
    }

    /**
     * Records before the end is passed on: when the upstream leg fails (or completes without a body to write), the
     * exchange ends within that same signal, and the access log is written before a {@code doFinally} here would run.
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange)
                .doOnTerminate(() -> record(exchange, System.nanoTime() - start))
                .doOnCancel(() -> record(exchange, System.nanoTime() - start));
    }

    /** The upstream of {@code exchange} answered (or failed) {@code nanos} after it was called. */
    public void record(ServerWebExchange exchange, long nanos) {
        exchange.getAttributes().put(ExchangeAttributes.UPSTREAM_NANOS, nanos);
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        timer(match == null ? "none" : match.route().id()).record(nanos, TimeUnit.NANOSECONDS);
    }
}
