package io.portcullis.gateway.authn;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * One authentication scheme, as DRF's authentication classes: a pure reader says <em>not mine</em> (empty),
 * <em>mine</em> (a credential) or <em>mine but malformed</em> (throws a 401 {@code ApiErrorException}); a verifier
 * does the I/O and accepts or rejects. Authenticators never choose 403 or any other status.
 */
public interface Authenticator {

    /** The name used in policy.yaml {@code authentication:} and in {@code X-Auth-Scheme}. */
    String scheme();

    /** The {@code WWW-Authenticate} challenge of this scheme, or null when it has none. */
    String challenge();

    /**
     * Synchronous and pure. Empty when the request carries nothing of this scheme.
     *
     * @throws io.portcullis.gateway.web.ApiErrorException (401) when it carries this scheme's credential, malformed
     */
    Optional<Credential> read(ServerHttpRequest request);

    /**
     * Emits the identity the credential grants, or fails with a 401 {@code ApiErrorException} when it is not valid,
     * or with {@code StoreUnavailableException} when the state needed to decide cannot be read. Never completes empty.
     */
    Mono<Identity> verify(Credential credential, PolicySnapshot snapshot);
}
