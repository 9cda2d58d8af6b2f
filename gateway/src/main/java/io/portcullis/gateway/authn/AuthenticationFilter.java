package io.portcullis.gateway.authn;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import io.portcullis.gateway.web.RequestThread;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

/**
 * Runs the configured schemes in order, as DRF's perform_authentication: the first that reads a credential decides
 * (accepted, or 401 whatever the route's permission); none → anonymous. Every 401 carries the challenge.
 */
public final class AuthenticationFilter implements Phase {

    private final Authenticators authenticators;

    public AuthenticationFilter(Authenticators authenticators) {
        this.authenticators = authenticators;
    }

    @Override
    public int getOrder() {
        return FilterOrder.AUTHENTICATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PolicySnapshot snapshot = exchange.getAttribute(ExchangeAttributes.SNAPSHOT);
        if (snapshot == null || exchange.getAttribute(ExchangeAttributes.ROUTE_MATCH) == null) {
            return chain.filter(exchange);
        }
        List<String> schemes = snapshot.policy().authentication();
        return authenticate(exchange, snapshot, schemes)
                .flatMap(identity -> {
                    if (CookieAuthenticator.SCHEME.equals(identity.scheme())) {
                        CsrfCheck.enforce(exchange.getRequest());
                    }
                    exchange.getAttributes().put(ExchangeAttributes.IDENTITY, identity);
                    return chain.filter(exchange);
                })
                .onErrorResume(ApiErrorException.class,
                        e -> ApiErrorWriter.write(exchange, withChallenge(e.error().inAuthentication(), schemes)));
    }

    Mono<Identity> authenticate(ServerWebExchange exchange, PolicySnapshot snapshot, List<String> schemes) {
        return authenticate(exchange, snapshot, schemes, 0);
    }

    /** Reading is synchronous; only the first scheme that reads a credential verifies it (possibly on I/O). */
    private Mono<Identity> authenticate(ServerWebExchange exchange, PolicySnapshot snapshot, List<String> schemes,
                                        int from) {
        for (int i = from; i < schemes.size(); i++) {
            String scheme = schemes.get(i);
            Authenticator authenticator = authenticators.get(scheme).orElseThrow();
            exchange.getAttributes().put(ExchangeAttributes.ATTEMPTED_SCHEME, scheme);
            Optional<Credential> credential;
            try {
                credential = authenticator.read(exchange.getRequest());
            } catch (RuntimeException e) {
                return Mono.error(e);
            }
            if (credential.isPresent()) {
                int next = i + 1;
                return RequestThread.resume(exchange, authenticator.verify(credential.get(), snapshot))
                        .switchIfEmpty(Mono.defer(() -> authenticate(exchange, snapshot, schemes, next)));
            }
        }
        return Mono.just(Identity.ANONYMOUS);
    }

    private ApiError withChallenge(ApiError error, List<String> schemes) {
        return error.challengedBy(authenticators.challenge(schemes));
    }
}
