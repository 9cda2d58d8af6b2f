package io.portcullis.gateway.throttle;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.gateway.web.RequestThread;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.ThrottleKey;
import io.portcullis.policy.rate.ThrottleScope;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The throttle phase, after permission (DRF's {@code check_throttles}): counts a granted request under every scope
 * its route lists and answers 429 with {@code Retry-After} when any refuses; admitted responses carry the
 * {@code RateLimit-*} headers of the tightest scope.
 */
public final class ThrottleFilter implements Phase {

    private final Throttler throttler;

    public ThrottleFilter(Throttler throttler) {
        this.throttler = throttler;
    }

    @Override
    public int getOrder() {
        return FilterOrder.THROTTLE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RouteMatch match = exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH);
        Decision decision = exchange.getAttribute(ExchangeAttributes.DECISION);
        if (match == null || decision == null || !decision.granted() || match.route().throttle().isEmpty()) {
            return chain.filter(exchange);
        }
        PolicySnapshot snapshot = exchange.getRequiredAttribute(ExchangeAttributes.SNAPSHOT);
        Policy policy = snapshot.policy();
        Identity identity = exchange.getAttributeOrDefault(ExchangeAttributes.IDENTITY, Identity.ANONYMOUS);
        String client = ClientIps.ident(exchange.getRequest(), policy.numProxies());
        List<ThrottleKey> keys = ThrottleScope.keys(match.route().throttle(), policy.throttleRates(), identity, client);
        return RequestThread.resume(exchange, throttler.acquire(keys, policy.storeFailure(), policy.storeTimeout())).flatMap(decisions -> {
            RateDecision answer = RateDecision.of(decisions);
            if (!answer.allowed()) {
                String scope = keys.get(RateDecision.indexOf(decisions)).scope();
                return ApiErrorWriter.write(exchange, ApiError.throttled(answer.waitSeconds(), scope));
            }
            exchange.getResponse().beforeCommit(() -> {
                RateLimitHeaders.set(exchange.getResponse().getHeaders(), answer);
                return Mono.empty();
            });
            return chain.filter(exchange);
        });
    }
}
