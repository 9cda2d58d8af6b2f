package io.portcullis.policy.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a request acts as, after authentication. {@link #ANONYMOUS} when no credential was sent.
 * Roles keep their users.yaml order so the forwarded header is stable. {@code issuer} vouches for the credential
 * ({@code X-Auth-Issuer}): {@link Issuer#OWN_ID} for the gateway's own tokens and every other scheme, an external
 * issuer's id for its tokens, null when anonymous.
 */
public record Identity(String userId, String username, List<String> roles, boolean admin, String scheme,
                       Map<String, String> claims, String issuer) {

    public static final String ANONYMOUS_SCHEME = "anonymous";
    public static final Identity ANONYMOUS = new Identity(null, null, List.of(), false, ANONYMOUS_SCHEME, Map.of(), null);

    public Identity {
        roles = List.copyOf(roles);
        claims = Map.copyOf(claims);
        Objects.requireNonNull(scheme, "scheme");
    }

    /** An identity the gateway itself vouches for (its own tokens, opaque tokens, API keys, passwords). */
    public Identity(String userId, String username, List<String> roles, boolean admin, String scheme,
                    Map<String, String> claims) {
        this(userId, username, roles, admin, scheme, claims, Issuer.OWN_ID);
    }

    /** The identity a credential of {@code scheme} grants to {@code user}, with the user's current roles and claims. */
    public static Identity of(User user, String scheme) {
        return new Identity(user.id(), user.username(), user.roles(), user.admin(), scheme, user.claims());
    }

    /** {@link #of(User, String)}, vouched for by the external issuer {@code issuerId}. */
    public static Identity of(User user, String scheme, String issuerId) {
        return new Identity(user.id(), user.username(), user.roles(), user.admin(), scheme, user.claims(), issuerId);
    }

    public boolean authenticated() {
        return userId != null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
