package io.portcullis.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one web filter of the public port: runs the {@link Phase}s in their order, then the rest of the web stack (the
 * gateway's routing). WebFlux's own filter chain gives every web filter a {@code Mono.defer}, a checkpoint operator
 * and a description string built per request; for six phases that was a measurable share of a proxied request's cost,
 * so the phases are chained here directly. A phase that throws instead of returning an error is turned into one, as
 * WebFlux's chain does. Requests to the management port skip the phases.
 * <p>
 * After the last phase a request the {@code forwarder} takes (one matched to a policy route) is forwarded by it
 * directly; any other goes on through the rest of the web stack (the gateway's own endpoints, and Spring Cloud
 * Gateway's routing for what the forwarder leaves to it).
 */
public final class Pipeline implements WebFilter, Ordered {

    private final Phase[] phases;
    private final PublicPort publicPort;
    private final Predicate<ServerWebExchange> forwards;
    private final Function<ServerWebExchange, Mono<Void>> forwarder;

    /** Every request that passes the phases goes on through the rest of the web stack. */
    public Pipeline(List<? extends Phase> phases, PublicPort publicPort) {
        this(phases, publicPort, exchange -> false, exchange -> Mono.empty());
    }

    /** Requests that pass the phases and that {@code forwards} accepts are answered by {@code forwarder}. */
    public Pipeline(List<? extends Phase> phases, PublicPort publicPort, Predicate<ServerWebExchange> forwards,
                    Function<ServerWebExchange, Mono<Void>> forwarder) {
        this.phases = phases.stream().sorted(Comparator.comparingInt(Phase::getOrder)).toArray(Phase[]::new);
        this.publicPort = publicPort;
        this.forwards = forwards;
        this.forwarder = forwarder;
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
            try {
                if (index == phases.length) {
                    return forwards.test(exchange) ? forwarder.apply(exchange) : rest.filter(exchange);
                }
                return phases[index].filter(exchange, new Step(index + 1, rest));
            } catch (RuntimeException e) {
                return Mono.error(e);
            }
        }
    }
}
