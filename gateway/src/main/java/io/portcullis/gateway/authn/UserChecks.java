package io.portcullis.gateway.authn;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;

/** SimpleJWT's get_user: the user behind a credential is looked up on every request; unknown or inactive → 401. */
final class UserChecks {

    private UserChecks() {
    }

    static User activeUserById(Users users, String id) {
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
