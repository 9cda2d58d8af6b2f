package io.portcullis.gateway.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    private static final int PUBLIC = 8080;
    private final List<String> ran = new ArrayList<>();
    private final WebFilterChain rest = exchange -> Mono.fromRunnable(() -> ran.add("rest"));

    private Phase passing(String name, int order) {
        return phase(name, order, (exchange, next) -> {
            ran.add(name);
            return next.filter(exchange);
        });
    }

    private static Phase phase(String name, int order, WebFilter behaviour) {
        return new Phase() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next) {
                return behaviour.filter(exchange, next);
            }

            @Override
            public int getOrder() {
                return order;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static ServerWebExchange arrivingOn(int port) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/x").localAddress(new InetSocketAddress("127.0.0.1", port)));
    }

    @Test
    void phasesRunInTheirOrderThenTheRestOfTheWebStack() {
        Pipeline pipeline = new Pipeline(List.of(passing("throttle", 300), passing("route", 100), passing("authenticate", 200)),
                new PublicPort(PUBLIC));

        pipeline.filter(arrivingOn(PUBLIC), rest).block();

        assertThat(ran).containsExactly("route", "authenticate", "throttle", "rest");
    }

    @Test
    void aPhaseThatAnswersStopsTheRequestThere() {
        Phase refusing = phase("refuse", 150, (exchange, next) -> Mono.fromRunnable(() -> ran.add("refused")));
        Pipeline pipeline = new Pipeline(List.of(passing("route", 100), refusing, passing("throttle", 300)), new PublicPort(PUBLIC));

        pipeline.filter(arrivingOn(PUBLIC), rest).block();

        assertThat(ran).containsExactly("route", "refused");
    }

    @Test
    void aPhaseThatThrowsBecomesAnErrorSignalForThePhasesAroundIt() {
        Phase throwing = phase("broken", 200, (exchange, next) -> {
            throw new IllegalStateException("bug");
        });
        Phase observing = phase("observe", 100, (exchange, next) -> next.filter(exchange)
                .onErrorResume(error -> Mono.fromRunnable(() -> ran.add("observed " + error.getMessage()))));
        Pipeline pipeline = new Pipeline(List.of(observing, throwing), new PublicPort(PUBLIC));

        pipeline.filter(arrivingOn(PUBLIC), rest).block();

        assertThat(ran).containsExactly("observed bug");
    }

    @Test
    void requestsToTheManagementPortSkipEveryPhase() {
        Pipeline pipeline = new Pipeline(List.of(passing("route", 100)), new PublicPort(PUBLIC));

        pipeline.filter(arrivingOn(8081), rest).block();

        assertThat(ran).containsExactly("rest");
    }
}
