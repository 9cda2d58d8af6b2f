package io.portcullis.policy.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a request acts as, after authentication. {@link #ANONYMOUS} when no credential was sent.
 * Roles keep their users.yaml order so the forwarded header is stable.
 */
public record Identity(String userId, String username, List<String> roles, boolean admin, String scheme,
                       Map<String, String> claims) {

    public static final String ANONYMOUS_SCHEME = "anonymous";
    public static final Identity ANONYMOUS = new Identity(null, null, List.of(), false, ANONYMOUS_SCHEME, Map.of());

    public Identity {
        roles = List.copyOf(roles);
        claims = Map.copyOf(claims);
        Objects.requireNonNull(scheme, "scheme");
    }

    /** The identity a credential of {@code scheme} grants to {@code user}, with the user's current roles and claims. */
    public static Identity of(User user, String scheme) {
        return new Identity(user.id(), user.username(), user.roles(), user.admin(), scheme, user.claims());
    }

    public boolean authenticated() {
        return userId != null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
