package io.portcullis.policy.model;

import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.users.UserSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated policy.yaml. Immutable; routes keep file order (first match wins). {@code allowInsecureBasic} lets Basic
 * credentials travel over plain HTTP (unsafe, only when written out: {@code clients.allow_insecure_basic: true}).
 * {@code storeTimeout} bounds one call to the shared rate-limit store ({@code throttle.store_timeout}).
 * {@code bodyTimeout} ({@code clients.body_timeout}) is how long a request body may take to arrive: a buffered body in
 * all, a streamed one between two reads (DESIGN.md "Slow or stalled request bodies never reach the upstream").
 * {@code issuers}: the external token issuers whose JWTs {@code jwt} also accepts, in file order.
 * {@code users} says where users come from ({@code users:}; users.yaml unless written otherwise).
 */
public record Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                     Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                     boolean allowInsecureBasic, Duration storeTimeout, Duration bodyTimeout, List<Issuer> issuers,
                     UserSource users) {

    /** {@code throttle.store_timeout} when not written: a slow reply is waited for, not guessed (DESIGN.md "Faults"). */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofMillis(500);
    /** {@code clients.request_buffer}: bodies up to this many bytes are read completely before being forwarded. */
    public static final long DEFAULT_REQUEST_BUFFER = 1L << 20;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    public Policy {
        authentication = List.copyOf(authentication);
        throttleRates = Map.copyOf(throttleRates);
        routes = List.copyOf(routes);
        storeTimeout = storeTimeout == null ? DEFAULT_STORE_TIMEOUT : storeTimeout;
        bodyTimeout = bodyTimeout == null ? DEFAULT_BODY_TIMEOUT : bodyTimeout;
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        users = users == null ? UserSource.YAML : users;
    }

    /** A policy without external token issuers. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                  boolean allowInsecureBasic, Duration storeTimeout, Duration bodyTimeout, UserSource users) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, allowInsecureBasic,
                storeTimeout, bodyTimeout, List.of(), users);
    }

    /** A policy whose users are users.yaml's. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                  boolean allowInsecureBasic, Duration storeTimeout, Duration bodyTimeout, List<Issuer> issuers) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, allowInsecureBasic,
                storeTimeout, bodyTimeout, issuers, UserSource.YAML);
    }

    /** A policy without external token issuers whose users are users.yaml's. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                  boolean allowInsecureBasic, Duration storeTimeout, Duration bodyTimeout) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, allowInsecureBasic,
                storeTimeout, bodyTimeout, List.of(), UserSource.YAML);
    }

    /** A policy with the default {@code throttle.store_timeout} and {@code clients.body_timeout}. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                  boolean allowInsecureBasic) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, allowInsecureBasic,
                DEFAULT_STORE_TIMEOUT, DEFAULT_BODY_TIMEOUT);
    }

    /** A policy with Basic over TLS only, the secure default. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, false);
    }

    /** This policy with other token settings. */
    public Policy withTokens(TokenSettings tokens) {
        return new Policy(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes,
                allowInsecureBasic, storeTimeout, bodyTimeout, issuers, users);
    }

    /** This policy with other external token issuers. */
    public Policy withIssuers(List<Issuer> issuers) {
        return new Policy(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes,
                allowInsecureBasic, storeTimeout, bodyTimeout, issuers, users);
    }
}
