package io.portcullis.gateway.authz;

import io.portcullis.gateway.authn.Authenticators;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Decider;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Asks the decider and owns DRF's 401-vs-403 rule: denied and anonymous → 401 with the first authenticator's challenge
 * (403 when it has none, as DRF answers), else 403.
 */
public final class PermissionFilter implements Phase {

    private final Authenticators authenticators;

    public PermissionFilter(Authenticators authenticators) {
        this.authenticators = authenticators;
    }

    @Override
    public int getOrder() {
        return FilterOrder.PERMISSION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        Identity identity = exchange.getAttribute(ExchangeAttributes.IDENTITY);
        if (match == null || identity == null) {
            return chain.filter(exchange);
        }
        Decision decision = Decider.decide(match, exchange.getRequest().getMethod().name(), identity);
        exchange.getAttributes().put(ExchangeAttributes.DECISION, decision);
        return switch (decision.verdict()) {
            case GRANTED -> chain.filter(exchange);
            case PERMISSION_DENIED -> ApiErrorWriter.write(exchange, ApiError.permissionDenied());
            case NOT_AUTHENTICATED -> ApiErrorWriter.write(exchange, notAuthenticated(exchange));
        };
    }

    private ApiError notAuthenticated(ServerWebExchange exchange) {
        PolicySnapshot snapshot = exchange.getRequiredAttribute(ExchangeAttributes.SNAPSHOT);
        return ApiError.notAuthenticated().challengedBy(authenticators.challenge(snapshot.policy().authentication()));
    }
}
