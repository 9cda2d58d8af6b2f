package io.portcullis.policy.token;

import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.ClaimNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The identity a {@code users: claims} issuer's token speaks for, from the token alone (DESIGN.md "External token
 * issuers"): the user id of its {@code user_claim}, the username of {@code claims.username} (default: the id), the
 * roles at the dotted path {@code claims.roles} (a JSON list, or one string of roles separated by spaces or commas, as
 * OAuth's {@code scope}), admin when {@code claims.admin_role} is among them. Pure.
 */
public final class ClaimsIdentity {

    private static final Pattern ROLE_SEPARATORS = Pattern.compile("[\\s,]+");

    private ClaimsIdentity() {
    }

    /** {@code forwardClaims}: {@code identity.forward_claims}, taken from the token's top-level string claims. */
    public static Identity of(Issuer issuer, ExternalToken token, String scheme, List<String> forwardClaims) {
        ClaimNames names = issuer.claims();
        Object username = names.username() == null ? null : token.claims().get(names.username());
        List<String> roles = names.roles() == null ? List.of() : roles(at(token.claims(), names.roles()));
        boolean admin = names.adminRole() != null && roles.contains(names.adminRole());
        Map<String, String> claims = new LinkedHashMap<>();
        for (String name : forwardClaims) {
            if (token.claims().get(name) instanceof String value) {
                claims.put(name, value);
            }
        }
        return new Identity(token.userId(), username instanceof String s && !s.isEmpty() ? s : token.userId(), roles,
                admin, scheme, claims, issuer.id());
    }

    /** The value at a dotted path ({@code realm_access.roles}) through nested JSON objects, or null. */
    static Object at(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String step : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> object)) {
                return null;
            }
            value = object.get(step);
        }
        return value;
    }

    /** Roles are strings; one that holds a comma could not be told apart in {@code X-Auth-Roles}, so it is left out. */
    static List<String> roles(Object value) {
        List<String> roles = new ArrayList<>();
        if (value instanceof String text) {
            for (String role : ROLE_SEPARATORS.split(text.strip())) {
                if (!role.isEmpty() && !roles.contains(role)) {
                    roles.add(role);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String role && !role.isEmpty() && role.indexOf(',') < 0 && !roles.contains(role)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }
}
