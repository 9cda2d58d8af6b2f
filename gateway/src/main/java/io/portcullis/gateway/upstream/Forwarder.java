package io.portcullis.gateway.upstream;

import io.micrometer.tracing.Span;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.portcullis.gateway.identity.IdentityHeaders;
import io.portcullis.gateway.observe.RequestIds;
import io.portcullis.gateway.observe.UpstreamSpan;
import io.portcullis.gateway.observe.UpstreamTimer;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.RequestBody;
import io.portcullis.gateway.web.RequestThread;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Route;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards a routed request to its route's upstream on Reactor Netty's HTTP client and writes the upstream's answer
 * (DESIGN.md "Identity forwarded upstream", docs/http.md "What the upstream receives"). It does what Spring Cloud
 * Gateway's routing and response-writing filters do for a policy route, with less per request: the forwarded
 * headers are built once, straight into the client's own header object, by the same rules as before
 * ({@link IdentityHeaders}); the route's upstream and timeouts come from the policy already matched; and a small answer
 * of known length is written as one message (status line, headers and body in one write) instead of the head and
 * then the body.
 * <p>
 * Failures travel as before to the error handler: refused connection 502, connect or response timeout 504, an upstream
 * that breaks off or does not speak HTTP 502, or, once the answer has started, a cut connection.
 */
public final class Forwarder {

    /**
     * Answers of at most this many bytes, with a {@code Content-Length}, are read whole before they are written: one
     * write instead of two. Larger ones, and those of unknown length, stream as they arrive.
     */
    static final long WHOLE_ANSWER_LIMIT = 16 * 1024;

    private final HttpClient client;
    private final Duration responseTimeout;
    private final List<MediaType> streamingMediaTypes;
    private final UpstreamTimer timer;
    private final UpstreamSpan tracing;
    /** The client with a route's own connect timeout, made once per distinct timeout (not per request). */
    private final Map<Duration, HttpClient> clientsByConnectTimeout = new ConcurrentHashMap<>();

    /**
     * @param client          the gateway's HTTP client, with its pool, TLS and handlers configured
     * @param responseTimeout until the upstream's status line, unless the route sets its own; null: none
     * @param tracing         null when tracing is off
     */
    public Forwarder(HttpClient client, Duration responseTimeout, List<MediaType> streamingMediaTypes,
                     UpstreamTimer timer, UpstreamSpan tracing) {
        this.client = client;
        this.responseTimeout = responseTimeout;
        this.streamingMediaTypes = List.copyOf(streamingMediaTypes);
        this.timer = timer;
        this.tracing = tracing;
    }

    /** Whether this forwarder takes {@code exchange}: a request matched to a policy route. */
    public boolean takes(ServerWebExchange exchange) {
        return exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH) != null;
    }

    public Mono<Void> forward(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        PolicySnapshot snapshot = exchange.getRequiredAttribute(ExchangeAttributes.SNAPSHOT);
        RouteMatch match = exchange.getRequiredAttribute(ExchangeAttributes.ROUTE_MATCH);
        Route route = match.route();
        URI upstream = route.upstream();
        URI target = request.getURI();
        String query = target.getRawQuery();
        String url = upstream.getScheme() + "://" + upstream.getRawAuthority() + target.getRawPath()
                + (query == null ? "" : "?" + query);

        HttpHeaders received = request.getHeaders();
        // a body of unknown length (it streams) is sent chunked; the client's own framing headers are not forwarded
        boolean chunked = received.getContentLength() < 0 && RequestBody.present(received);
        DefaultHttpHeaders forwarded = new DefaultHttpHeaders();
        HttpHeaders view = new HttpHeaders(new Netty4HeadersAdapter(forwarded));
        received.forEach(view::addAll);
        // Reactor Netty sets Host from the URL, as Spring Cloud Gateway's routing filter has it set
        forwarded.remove(HttpHeaderNames.HOST);
        IdentityHeaders.rewriteInPlace(view,
                exchange.getAttributeOrDefault(ExchangeAttributes.IDENTITY, Identity.ANONYMOUS),
                snapshot.policy().identity());
        String requestId = exchange.getAttribute(ExchangeAttributes.REQUEST_ID);
        if (requestId != null) {
            forwarded.set(RequestIds.HEADER, requestId);
        }
        if (chunked) {
            forwarded.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        Span span = tracing == null ? null : tracing.start(exchange, upstream);
        if (span != null) {
            tracing.inject(span, view);
        }

        long start = System.nanoTime();
        Flux<ByteBuf> body = request.getBody().map(NettyDataBufferFactory::toByteBuf);
        Mono<Answer> answer = client(route).request(HttpMethod.valueOf(request.getMethod().name())).uri(url)
                .send((upstreamRequest, outbound) -> {
                    upstreamRequest.headers(forwarded);
                    return outbound.send(body);
                })
                .responseConnection((response, connection) -> Mono.just(new Answer(response, connection)))
                .singleOrEmpty();
        Duration timeout = route.timeouts().response() != null ? route.timeouts().response() : responseTimeout;
        if (timeout != null) {
            answer = RequestThread.deadline(answer, timeout, RequestThread.scheduler(exchange));
        }
        Mono<Void> forwarding = answer
                .doOnEach(signal -> {
                    if (signal.isOnNext() || signal.isOnError()) {
                        timer.record(exchange, System.nanoTime() - start);
                    }
                })
                .doOnCancel(() -> timer.record(exchange, System.nanoTime() - start))
                .flatMap(upstreamAnswer -> write(exchange, upstreamAnswer).doFinally(signal -> {
                    // an answer not read to its end must not go back to the pool
                    if (signal == SignalType.CANCEL || signal == SignalType.ON_ERROR) {
                        upstreamAnswer.connection().dispose();
                    }
                }));
        if (span == null) {
            return forwarding;
        }
        return forwarding
                .doOnError(failure -> span.tag("error.type", failure.getClass().getName()))
                .doFinally(signal -> UpstreamSpan.end(span, exchange));
    }

    private HttpClient client(Route route) {
        Duration connect = route.timeouts().connect();
        if (connect == null) {
            return client;
        }
        return clientsByConnectTimeout.computeIfAbsent(connect,
                timeout -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis()));
    }

    /** The upstream's status, headers (less hop-by-hop ones) and body, as the client's answer. */
    private Mono<Void> write(ServerWebExchange exchange, Answer answer) {
        ServerHttpResponse response = exchange.getResponse();
        HttpClientResponse upstream = answer.response();
        response.setStatusCode(HttpStatusCode.valueOf(upstream.status().code()));
        io.netty.handler.codec.http.HttpHeaders received = upstream.responseHeaders();
        Set<String> connectionNamed = IdentityHeaders.connectionTokens(received.getAll(HttpHeaderNames.CONNECTION));
        HttpHeaders headers = response.getHeaders();
        for (Map.Entry<String, String> header : received) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            boolean hopByHop = IdentityHeaders.HOP_BY_HOP.contains(lower) || lower.equals("connection")
                    || lower.equals("proxy-authorization") || connectionNamed.contains(lower);
            if (!hopByHop) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        NettyDataBufferFactory buffers = (NettyDataBufferFactory) response.bufferFactory();
        long length = headers.getContentLength();
        if (length >= 0 && length <= WHOLE_ANSWER_LIMIT) {
            return response.writeWith(answer.connection().inbound().receive().aggregate().retain().map(buffers::wrap));
        }
        Flux<DataBuffer> body = answer.connection().inbound().receive().retain().map(buffers::wrap);
        return streaming(headers) ? response.writeAndFlushWith(body.map(Flux::just)) : response.writeWith(body);
    }

    /** Event streams and the like are flushed per piece, as Spring Cloud Gateway does for its streaming media types. */
    private boolean streaming(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (RuntimeException e) {
            return false; // an unreadable Content-Type is passed on as it is, and streamed as any other
        }
        if (type == null) {
            return false;
        }
        for (MediaType streaming : streamingMediaTypes) {
            if (streaming.isCompatibleWith(type)) {
                return true;
            }
        }
        return false;
    }

    private record Answer(HttpClientResponse response, Connection connection) {
    }
}
