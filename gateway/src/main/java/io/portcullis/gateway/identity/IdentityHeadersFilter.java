package io.portcullis.gateway.identity;

import io.portcullis.gateway.observe.RequestIds;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Rewrites the forwarded request's headers ({@link IdentityHeaders#rewriteInPlace}) and adds its request id; runs on
 * every routed request.
 */
public final class IdentityHeadersFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return FilterOrder.IDENTITY_HEADERS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        PolicySnapshot snapshot = exchange.getRequiredAttribute(ExchangeAttributes.SNAPSHOT);
        Identity identity = exchange.getAttributeOrDefault(ExchangeAttributes.IDENTITY, Identity.ANONYMOUS);
        String requestId = exchange.getAttribute(ExchangeAttributes.REQUEST_ID);
        ServerWebExchange rewritten = exchange.mutate().request(r -> r.headers(headers -> {
            IdentityHeaders.rewriteInPlace(headers, identity, snapshot.policy().identity());
            if (requestId != null) {
                headers.set(RequestIds.HEADER, requestId);
            }
        })).build();
        return chain.filter(rewritten);
    }
}
