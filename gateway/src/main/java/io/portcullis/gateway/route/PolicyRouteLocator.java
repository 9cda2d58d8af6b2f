package io.portcullis.gateway.route;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.RouteTimeouts;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import reactor.core.publisher.Flux;

import java.util.HashMap;
import java.util.Map;

/**
 * Policy routes as gateway routes, in file order. The route was already chosen by {@link RouteMatchFilter} on the
 * normalised path; a gateway route only picks up that choice, so the two can never disagree.
 */
public final class PolicyRouteLocator implements RouteLocator {

    private final PolicyHolder holder;

    public PolicyRouteLocator(PolicyHolder holder) {
        this.holder = holder;
    }

    @Override
    public Flux<Route> getRoutes() {
        var routes = holder.current().policy().routes();
        return Flux.range(0, routes.size()).map(i -> {
            String id = routes.get(i).id();
            return Route.async()
                    .id(id)
                    .uri(routes.get(i).upstream())
                    .order(i)
                    .metadata(timeoutMetadata(routes.get(i).timeouts()))
                    .predicate(exchange -> {
                        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
                        return match != null && match.route().id().equals(id);
                    })
                    .build();
        });
    }

    /** A route's own timeouts as Spring Cloud Gateway's per-route metadata; absent ones keep the global settings. */
    static Map<String, Object> timeoutMetadata(RouteTimeouts timeouts) {
        Map<String, Object> metadata = new HashMap<>();
        if (timeouts.connect() != null) {
            metadata.put(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) timeouts.connect().toMillis());
        }
        if (timeouts.response() != null) {
            metadata.put(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeouts.response().toMillis());
        }
        return metadata;
    }
}
