package io.portcullis.policy.rate;

import io.portcullis.policy.model.Identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DESIGN.md "Throttle scopes" as keys: {@code anon} counts anonymous requests by client IP; {@code user} counts every
 * request by user id, or client IP when anonymous; any other scope counts the requests of the routes that list it
 * by scope and (user id, or client IP); {@code login} counts token requests by client IP and submitted username,
 * and by client IP alone at ten times the rate. User ids and client IPs live in separate key spaces ({@code u:},
 * {@code ip:}), so a user whose id looks like an address never shares a counter with that address. All the counters
 * of one request count one subject (its user id or client IP; the client IP for both login counters): the
 * {@link ThrottleKey#subject()} a shared store keeps them together by.
 */
public final class ThrottleScope {

    public static final String ANON = "anon";
    public static final String USER = "user";
    public static final String LOGIN = "login";
    /** The per-IP cap of the login endpoints (password spraying); not a policy scope. */
    public static final String LOGIN_IP = "login_ip";
    /** DESIGN.md: the login endpoints are limited per client IP alone at ten times the {@code login} rate. */
    public static final int LOGIN_IP_FACTOR = 10;

    private ThrottleScope() {
    }

    /**
     * The keys a request on a route listing {@code scopes} is counted under, in the route's order. A scope without a
     * rate in {@code rates} is skipped (the policy reader refuses such a policy), as is {@code anon} for an
     * authenticated request.
     */
    public static List<ThrottleKey> keys(List<String> scopes, Map<String, Rate> rates, Identity identity,
                                         String clientIdent) {
        List<ThrottleKey> keys = new ArrayList<>(scopes.size());
        for (String scope : scopes) {
            Rate rate = rates.get(scope);
            if (rate != null) {
                key(scope, identity, clientIdent).ifPresent(key -> keys.add(new ThrottleKey(scope, subject(identity, clientIdent),
                        key, rate)));
            }
        }
        return keys;
    }

    /** The counter {@code scope} uses for this request, or empty when the scope does not apply to it. */
    public static Optional<String> key(String scope, Identity identity, String clientIdent) {
        String who = subject(identity, clientIdent);
        if (ANON.equals(scope)) {
            return identity.authenticated() ? Optional.empty() : Optional.of(scope + ":" + who);
        }
        return Optional.of(scope + ":" + who);
    }

    /** Whom a request's counters count: its user, or its client address when anonymous. */
    static String subject(Identity identity, String clientIdent) {
        return identity.authenticated() ? "u:" + identity.userId() : "ip:" + clientIdent;
    }

    /**
     * The two login counters: client IP + username at {@code login}, and client IP alone at ten times it. The
     * username enters the key only as a digest: people type passwords into the username field.
     */
    public static List<ThrottleKey> loginKeys(Rate login, String clientIdent, String normalisedUsername) {
        Rate perIp = new Rate(saturatedTimes(login.count(), LOGIN_IP_FACTOR), login.period());
        String client = "ip:" + clientIdent;
        return List.of(
                new ThrottleKey(LOGIN, client, LOGIN + ":" + client + ":user:" + digest(normalisedUsername), login),
                new ThrottleKey(LOGIN_IP, client, LOGIN_IP + ":" + client, perIp));
    }

    private static int saturatedTimes(int count, int factor) {
        long product = (long) count * factor;
        return product > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) product;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
