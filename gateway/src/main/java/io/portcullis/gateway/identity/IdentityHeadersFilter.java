package io.portcullis.gateway.identity;

import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Replaces the forwarded request's headers with {@link IdentityHeaders#rewrite}; runs on every routed request. */
public final class IdentityHeadersFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return FilterOrder.IDENTITY_HEADERS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        PolicySnapshot snapshot = exchange.getRequiredAttribute(ExchangeAttributes.SNAPSHOT);
        Identity identity = exchange.getAttributeOrDefault(ExchangeAttributes.IDENTITY, Identity.ANONYMOUS);
        HttpHeaders upstream = IdentityHeaders.rewrite(exchange.getRequest().getHeaders(), identity,
                snapshot.policy().identity());
        ServerWebExchange rewritten = exchange.mutate().request(r -> r.headers(headers -> {
            headers.clear();
            headers.addAll(upstream);
        })).build();
        return chain.filter(rewritten);
    }
}
