package io.portcullis.gateway.authn;

import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.gateway.tokens.OpaqueToken;
import io.portcullis.gateway.tokens.TokenStore;
import io.portcullis.gateway.users.UserStore;
import io.portcullis.gateway.users.UserStores;
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
    private final UserStores users;
    private final Clock clock;

    public OpaqueTokenAuthenticator(TokenStore store, UserStores users, Clock clock) {
        this.store = store;
        this.users = users;
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

    /**
     * The gateway's own opaque tokens first; then, when the user store keeps DRF authtoken keys (a Django database),
     * the key as the Django app handed it out.
     */
    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        UserStore userStore = users.of(snapshot);
        return store.findOpaque(OpaqueKeys.sha256(credential.secret()))
                .flatMap(token -> userOf(token, userStore))
                .switchIfEmpty(Mono.defer(() -> userStore.byToken(credential.secret()).map(OpaqueTokenAuthenticator::active)))
                .switchIfEmpty(Mono.error(() -> invalid("token_unknown")))
                .map(user -> Identity.of(user, SCHEME));
    }

    private Mono<User> userOf(OpaqueToken token, UserStore userStore) {
        if (token.expired(clock.instant())) {
            return Mono.error(invalid("token_expired"));
        }
        return userStore.byId(token.userId()).map(OpaqueTokenAuthenticator::active)
                .switchIfEmpty(Mono.error(OpaqueTokenAuthenticator::inactiveOrDeleted))
                .map(user -> {
                    if (!CredentialVersion.matches(token.credentialVersion(), user)) {
                        throw invalid("token_credentials_changed");
                    }
                    return user;
                });
    }

    /** DRF's TokenAuthentication: an inactive user's token is refused with this text. */
    private static User active(User user) {
        if (!user.active()) {
            throw inactiveOrDeleted();
        }
        return user;
    }

    private static ApiErrorException inactiveOrDeleted() {
        return new ApiErrorException(ApiError.authenticationFailed("User inactive or deleted.", null, "user_inactive"));
    }

    private static ApiErrorException invalid(String reason) {
        return new ApiErrorException(ApiError.authenticationFailed("Invalid token.", null, reason));
    }
}
