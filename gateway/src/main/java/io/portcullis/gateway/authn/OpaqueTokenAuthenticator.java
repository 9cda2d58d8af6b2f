package io.portcullis.gateway.authn;

import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.gateway.tokens.OpaqueToken;
import io.portcullis.gateway.tokens.TokenStore;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.User;
import io.portcullis.policy.token.CredentialVersion;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Optional;

/** {@code Authorization: Token <key>}: DRF's TokenAuthentication, against the shared token store. */
public final class OpaqueTokenAuthenticator implements Authenticator {

    public static final String SCHEME = "token";

    private final TokenStore store;
    private final Clock clock;

    public OpaqueTokenAuthenticator(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String challenge() {
        return "Token";
    }

    @Override
    public Optional<Credential> read(ServerHttpRequest request) {
        return AuthorizationHeader.value(request, "Token").map(key -> {
            if (!OpaqueKeys.wellFormed(key)) {
                throw invalid("token_malformed");
            }
            return new Credential(SCHEME, null, key);
        });
    }

    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        return store.findOpaque(OpaqueKeys.sha256(credential.secret()))
                .switchIfEmpty(Mono.error(() -> invalid("token_unknown")))
                .map(token -> Identity.of(userOf(token, snapshot), SCHEME));
    }

    private User userOf(OpaqueToken token, PolicySnapshot snapshot) {
        if (token.expired(clock.instant())) {
            throw invalid("token_expired");
        }
        User user = snapshot.users().byId(token.userId()).filter(User::active).orElseThrow(() -> new ApiErrorException(
                ApiError.authenticationFailed("User inactive or deleted.", null, "user_inactive")));
        if (!CredentialVersion.matches(token.credentialVersion(), user)) {
            throw invalid("token_credentials_changed");
        }
        return user;
    }

    private static ApiErrorException invalid(String reason) {
        return new ApiErrorException(ApiError.authenticationFailed("Invalid token.", null, reason));
    }
}
