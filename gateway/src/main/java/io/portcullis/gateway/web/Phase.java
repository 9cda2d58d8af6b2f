package io.portcullis.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One phase of the request pipeline (DESIGN.md "Request pipeline"), with a web filter's contract: answer the request
 * itself, or pass it on to {@code next}. Phases are run by {@link Pipeline} in {@link FilterOrder}; they are not web
 * filters of their own, so WebFlux does not wrap each of them (see {@link Pipeline}).
 */
public interface Phase extends Ordered {

    Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next);
}
