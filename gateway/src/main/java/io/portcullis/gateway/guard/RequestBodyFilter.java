package io.portcullis.gateway.guard;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.gateway.web.RequestBody;
import io.portcullis.gateway.web.RequestThread;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.match.RouteMatch;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;

/**
 * The last phase: reads the body of a request that will be forwarded (DESIGN.md "Slow or stalled request bodies never
 * reach the upstream"), as nginx's {@code proxy_request_buffering on} does. A body of at most the route's
 * {@code request_buffer} bytes is read completely, within {@code clients.body_timeout}, before the upstream is
 * contacted, and forwarded with its {@code Content-Length}: a chunked one too, since legacy backends (WSGI servers, for
 * one) often cannot read a chunked request. A larger body streams, with the same timeout between two reads; a chunked
 * body learns which it is once it grows past the buffer, and then streams what it has read on. A body that stalls
 * answers 408. The gateway's own endpoints read their small bodies themselves, with the timeout between reads.
 * A request without a body (no {@code Content-Length}, no {@code Transfer-Encoding}) passes untouched.
 */
public final class RequestBodyFilter implements Phase {

    @Override
    public int getOrder() {
        return FilterOrder.REQUEST_BODY;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long length = headers.getContentLength();
        if (!RequestBody.present(headers)) {
            return next.filter(exchange);
        }
        PolicySnapshot snapshot = exchange.getRequiredAttribute(ExchangeAttributes.SNAPSHOT);
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        long buffer = match == null ? 0 : match.route().requestBuffer();
        Timeouts timeouts = new Timeouts(snapshot.policy().bodyTimeout(), RequestThread.scheduler(exchange));
        if (buffer == 0 || length > buffer) {
            return next.filter(withBody(exchange, timeouts.betweenReads(exchange.getRequest().getBody())));
        }
        return buffered(exchange, next, buffer, timeouts);
    }

    /**
     * Reads the body's head ({@link BodyHead}) within the timeout, then goes on with the head and, when the body was
     * larger than the buffer, the rest of it. Whatever the upstream never took is released when the exchange ends.
     */
    private static Mono<Void> buffered(ServerWebExchange exchange, WebFilterChain next, long limit, Timeouts timeouts) {
        ServerHttpRequest request = exchange.getRequest();
        BodyHead head = new BodyHead(limit, exchange.getResponse().bufferFactory());
        return timeouts.inAll(head.read(request.getBody()))
                .then(Mono.defer(() -> {
                    if (!head.whole()) {
                        return next.filter(withBody(exchange, timeouts.betweenReads(head.body())));
                    }
                    long size = head.size();
                    return next.filter(exchange.mutate().request(new Body(request, head.body()).mutate().headers(forwarded -> {
                        forwarded.remove(HttpHeaders.TRANSFER_ENCODING);
                        forwarded.setContentLength(size);
                    }).build()).build());
                }))
                .doFinally(signal -> head.release());
    }

    private static ServerWebExchange withBody(ServerWebExchange exchange, Flux<DataBuffer> body) {
        return exchange.mutate().request(new Body(exchange.getRequest(), body)).build();
    }

    /** {@code clients.body_timeout}, timed on the request's event loop; expiry is the 408. */
    private record Timeouts(Duration timeout, Scheduler timer) {

        /** {@code read}, given at most the timeout in all. */
        Mono<Void> inAll(Mono<Void> read) {
            return read.timeout(timeout, Mono.error(Timeouts::expired), timer);
        }

        /** {@code body}, given at most the timeout before its first read and between two reads. */
        Flux<DataBuffer> betweenReads(Flux<DataBuffer> body) {
            return body.timeout(delay(), read -> delay(), Flux.error(Timeouts::expired));
        }

        private Mono<Long> delay() {
            return Mono.delay(timeout, timer);
        }

        private static ApiErrorException expired() {
            return new ApiErrorException(ApiError.bodyTimedOut());
        }
    }

    /** The request with its body replaced by what was read of it. */
    private static final class Body extends ServerHttpRequestDecorator {
        private final Flux<DataBuffer> body;

        Body(ServerHttpRequest request, Flux<DataBuffer> body) {
            super(request);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body;
        }
    }
}
