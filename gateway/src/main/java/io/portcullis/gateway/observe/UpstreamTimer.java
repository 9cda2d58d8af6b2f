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

import java.time.Duration;

/** Times the upstream, from the routing filter's call to its response headers: {@code portcullis.upstream.latency}. */
public final class UpstreamTimer implements GlobalFilter, Ordered {

    private final MeterRegistry metrics;

    public UpstreamTimer(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return FilterOrder.UPSTREAM_TIMER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            long nanos = System.nanoTime() - start;
            exchange.getAttributes().put(ExchangeAttributes.UPSTREAM_NANOS, nanos);
            RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
            Timer.builder("portcullis.upstream.latency")
                    .tag("route", match == null ? "none" : match.route().id())
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(Duration.ofNanos(nanos));
        });
    }
}
