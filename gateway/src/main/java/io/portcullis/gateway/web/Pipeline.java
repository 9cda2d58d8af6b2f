package io.portcullis.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/**
 * The one web filter of the public port: runs the {@link Phase}s in their order, then the rest of the web stack (the
 * gateway's routing). WebFlux's own filter chain gives every web filter a {@code Mono.defer}, a checkpoint operator
 * and a description string built per request; for six phases that was a measurable share of a proxied request's cost,
 * so the phases are chained here directly. A phase that throws instead of returning an error is turned into one, as
 * WebFlux's chain does. Requests to the management port skip the phases.
 */
public final class Pipeline implements WebFilter, Ordered {

    private final Phase[] phases;
    private final PublicPort publicPort;

    public Pipeline(List<? extends Phase> phases, PublicPort publicPort) {
        this.phases = phases.stream().sorted(Comparator.comparingInt(Phase::getOrder)).toArray(Phase[]::new);
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
        return new Step(0, chain).filter(exchange);
    }

    /** Where a phase passes the request on: the next phase, or after the last one the rest of the web stack. */
    private final class Step implements WebFilterChain {
        private final int index;
        private final WebFilterChain rest;

        Step(int index, WebFilterChain rest) {
            this.index = index;
            this.rest = rest;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            if (index == phases.length) {
                return rest.filter(exchange);
            }
            try {
                return phases[index].filter(exchange, new Step(index + 1, rest));
            } catch (RuntimeException e) {
                return Mono.error(e);
            }
        }
    }
}
