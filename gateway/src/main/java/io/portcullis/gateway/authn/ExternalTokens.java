package io.portcullis.gateway.authn;

import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.issuers.IssuerRegistry;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.token.ClaimsIdentity;
import io.portcullis.policy.token.ExternalToken;
import io.portcullis.policy.token.ExternalTokenVerifier;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.IssuerUnavailableException;
import reactor.core.publisher.Mono;

/**
 * Access tokens of external issuers (DESIGN.md "External token issuers"): verified by their issuer's verifier alone,
 * once more after a refresh of its keys when they name an unknown kid, then turned into an identity: a
 * {@code users: local} token as the user store's active user (no {@code pwv}: the gateway did not issue it), a
 * {@code users: claims} token from its claims.
 */
public final class ExternalTokens {

    private final IssuerRegistry registry;
    private final UserStores users;

    public ExternalTokens(IssuerRegistry registry, UserStores users) {
        this.registry = registry;
        this.users = users;
    }

    Mono<Identity> verify(String token, Issuer issuer, PolicySnapshot snapshot, String scheme) {
        return Mono.defer(() -> {
            ExternalTokenVerifier verifier = registry.verifier(issuer, snapshot.policy().tokens().leeway()).orElse(null);
            if (verifier == null) {
                // the policy this request started with was replaced and the issuer changed meanwhile
                return Mono.error(new ApiErrorException(ApiError.issuerUnavailable()));
            }
            return attempt(verifier, token)
                    .onErrorResume(ExternalTokens::unknownKid, e -> Mono.fromCompletionStage(
                                    verifier.keys().refreshForUnknownKid())
                            .flatMap(changed -> changed ? attempt(verifier, token) : Mono.error(e)))
                    .onErrorMap(InvalidTokenException.class, e -> new ApiErrorException(ApiError.tokenNotValid(e.reason())))
                    .onErrorMap(IssuerUnavailableException.class,
                            e -> new ApiErrorException(ApiError.issuerUnavailable()))
                    .flatMap(verified -> identity(issuer, verified, snapshot, scheme));
        });
    }

    private static Mono<ExternalToken> attempt(ExternalTokenVerifier verifier, String token) {
        return Mono.fromCallable(() -> verifier.verify(token));
    }

    private static boolean unknownKid(Throwable e) {
        return e instanceof InvalidTokenException invalid && ExternalTokenVerifier.UNKNOWN_KID.equals(invalid.reason());
    }

    private Mono<Identity> identity(Issuer issuer, ExternalToken token, PolicySnapshot snapshot, String scheme) {
        if (issuer.users() == Issuer.Identities.CLAIMS) {
            return Mono.just(ClaimsIdentity.of(issuer, token, scheme, snapshot.policy().identity().forwardClaims()));
        }
        return UserChecks.externalTokenUser(users.of(snapshot), token.userId())
                .map(user -> Identity.of(user, scheme, issuer.id()));
    }
}
