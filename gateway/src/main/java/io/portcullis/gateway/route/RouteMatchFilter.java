package io.portcullis.gateway.route;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Routing;
import io.portcullis.policy.match.RequestPaths;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;


/**
 * First phase: fixes the policy snapshot and the one path of the request (DESIGN.md "Paths"), refuses methods that
 * are not routed, and matches the route (none → 404). The gateway's own {@code /auth/} endpoints are not routes.
 */
public final class RouteMatchFilter implements Phase {

    private final PolicyHolder holder;

    public RouteMatchFilter(PolicyHolder holder) {
        this.holder = holder;
    }

    @Override
    public int getOrder() {
        return FilterOrder.ROUTE_MATCH;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        PolicySnapshot snapshot = holder.current();
        String rawPath = request.getURI().getRawPath();
        Routing.Result routing = Routing.route(snapshot, request.getMethod().name(), wirePath(request));
        if (routing.outcome() == Routing.Outcome.METHOD_NOT_ALLOWED) {
            return ApiErrorWriter.write(exchange,
                    ApiError.methodNotAllowed(request.getMethod().name(), Routing.ROUTED_METHODS_ALLOW));
        }
        if (routing.outcome() == Routing.Outcome.BAD_PATH) {
            return ApiErrorWriter.write(exchange, ApiError.badRequest("Bad request path: " + routing.problem() + ".", "bad_path"));
        }
        // The path decided is the one forwarded: replace whatever the web stack made of the request-target.
        ServerWebExchange normalised = routing.path().equals(rawPath) ? exchange
                : exchange.mutate().request(r -> r.path(routing.path())).build();
        normalised.getAttributes().put(ExchangeAttributes.SNAPSHOT, snapshot);
        return switch (routing.outcome()) {
            case NO_ROUTE -> ApiErrorWriter.write(normalised, ApiError.notFound());
            case MATCHED -> {
                normalised.getAttributes().put(ExchangeAttributes.ROUTE_MATCH, routing.match());
                yield chain.filter(normalised);
            }
            default -> chain.filter(normalised);
        };
    }

    /**
     * The path exactly as the client sent it in the request line, not as the web stack re-parsed it: Spring reads
     * {@code GET admin/x} as path {@code /x}. Falls back to the parsed URI for servers that are not Reactor Netty.
     */
    private static String wirePath(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        if (nativeRequest instanceof HttpServerRequest netty) {
            String path = RequestPaths.pathOfTarget(netty.uri());
            return path == null ? "" : path;
        }
        return request.getURI().getRawPath();
    }
}
