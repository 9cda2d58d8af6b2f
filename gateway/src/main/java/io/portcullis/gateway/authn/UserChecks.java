package io.portcullis.gateway.authn;

import io.portcullis.gateway.users.UserStore;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.model.User;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.VerifiedToken;
import reactor.core.publisher.Mono;

/** SimpleJWT's get_user: the user behind a credential is looked up on every request; unknown or inactive → 401. */
public final class UserChecks {

    private UserChecks() {
    }

    /**
     * The user a verified token of the gateway's own speaks for, as authentication decides it: known, active, and
     * with the password hash the token was issued under ({@code pwv}); else a 401 {@link ApiErrorException}.
     */
    public static Mono<User> tokenUser(UserStore users, VerifiedToken token) {
        return activeUserById(users, token.subject()).map(user -> requireIssuedUnder(token, user));
    }

    /** The user, when its password hash is still the one {@code token} was issued under ({@code pwv}); else a 401. */
    public static User requireIssuedUnder(VerifiedToken token, User user) {
        if (!CredentialVersion.matches(token.credentialVersion(), user)) {
            throw new ApiErrorException(ApiError.tokenNotValid("token_credentials_changed"));
        }
        return user;
    }

    /**
     * The user a verified token of a {@code users: local} external issuer speaks for: known and active, as for the
     * gateway's own tokens, but with no {@code pwv} check (the gateway did not issue it). Else a 401.
     */
    public static Mono<User> externalTokenUser(UserStore users, String userId) {
        return activeUserById(users, userId);
    }

    private static Mono<User> activeUserById(UserStore users, String id) {
        return users.byId(id)
                .switchIfEmpty(Mono.error(() -> new ApiErrorException(
                        ApiError.authenticationFailed("User not found", "user_not_found", "user_not_found"))))
                .map(UserChecks::requireActive);
    }

    static User requireActive(User user) {
        if (!user.active()) {
            throw new ApiErrorException(ApiError.authenticationFailed("User is inactive", "user_inactive", "user_inactive"));
        }
        return user;
    }
}
