package io.portcullis.gateway.route;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.PublicPort;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.match.RequestPaths;
import io.portcullis.policy.match.RouteMatch;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Optional;
import java.util.Set;

/**
 * First phase: fixes the policy snapshot and the one path of the request (DESIGN.md "Paths"), refuses methods that
 * are not routed, and matches the route (none → 404). The gateway's own {@code /auth/} endpoints are not routes.
 */
public final class RouteMatchFilter implements WebFilter, Ordered {

    /** Only the standard methods, upper-case (methods are case-sensitive tokens); TRACE and CONNECT never. */
    static final Set<String> ROUTED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    public static final String OWN_ENDPOINTS = "/auth/";

    private final PolicyHolder holder;
    private final PublicPort publicPort;

    public RouteMatchFilter(PolicyHolder holder, PublicPort publicPort) {
        this.holder = holder;
        this.publicPort = publicPort;
    }

    @Override
    public int getOrder() {
        return FilterOrder.ROUTE_MATCH;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!publicPort.received(request)) {
            return chain.filter(exchange);
        }
        String method = request.getMethod().name();
        if (!ROUTED_METHODS.contains(method)) {
            return ApiErrorWriter.write(exchange, ApiError.methodNotAllowed(method));
        }
        RequestPaths.Result path = RequestPaths.normalize(request.getURI().getRawPath());
        if (!path.ok()) {
            return ApiErrorWriter.write(exchange, ApiError.badRequest("Bad request path: " + path.problem() + ".", "bad_path"));
        }
        ServerWebExchange normalised = path.path().equals(request.getURI().getRawPath()) ? exchange
                : exchange.mutate().request(r -> r.path(path.path())).build();
        PolicySnapshot snapshot = holder.current();
        normalised.getAttributes().put(ExchangeAttributes.SNAPSHOT, snapshot);
        if (path.path().startsWith(OWN_ENDPOINTS)) {
            return chain.filter(normalised);
        }
        Optional<RouteMatch> match = snapshot.routes().match(path.path());
        if (match.isEmpty()) {
            return ApiErrorWriter.write(normalised, ApiError.notFound());
        }
        normalised.getAttributes().put(ExchangeAttributes.ROUTE_MATCH, match.get());
        return chain.filter(normalised);
    }
}
