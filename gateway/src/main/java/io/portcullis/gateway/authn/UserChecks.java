package io.portcullis.gateway.authn;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.VerifiedToken;

/** SimpleJWT's get_user: the user behind a credential is looked up on every request; unknown or inactive → 401. */
public final class UserChecks {

    private UserChecks() {
    }

    /**
     * The user a verified token of the gateway's own speaks for, as authentication decides it: known, active, and
     * with the password hash the token was issued under ({@code pwv}); else a 401 {@link ApiErrorException}.
     */
    public static User tokenUser(Users users, VerifiedToken token) {
        User user = activeUserById(users, token.subject());
        if (!CredentialVersion.matches(token.credentialVersion(), user)) {
            throw new ApiErrorException(ApiError.tokenNotValid("token_credentials_changed"));
        }
        return user;
    }

    /**
     * The user a verified token of a {@code users: local} external issuer speaks for: known and active, as for the
     * gateway's own tokens, but with no {@code pwv} check (the gateway did not issue it). Else a 401.
     */
    public static User externalTokenUser(Users users, String userId) {
        return activeUserById(users, userId);
    }

    private static User activeUserById(Users users, String id) {
        User user = users.byId(id).orElseThrow(() -> new ApiErrorException(
                ApiError.authenticationFailed("User not found", "user_not_found", "user_not_found")));
        return requireActive(user);
    }

    static User requireActive(User user) {
        if (!user.active()) {
            throw new ApiErrorException(ApiError.authenticationFailed("User is inactive", "user_inactive", "user_inactive"));
        }
        return user;
    }
}
