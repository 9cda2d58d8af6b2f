package io.portcullis.policy.model;

import io.portcullis.policy.rate.Rate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated policy.yaml. Immutable; routes keep file order (first match wins). {@code allowInsecureBasic} lets Basic
 * credentials travel over plain HTTP (unsafe, only when written out: {@code clients.allow_insecure_basic: true}).
 * {@code storeTimeout} bounds one call to the shared rate-limit store ({@code throttle.store_timeout}).
 */
public record Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                     Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                     boolean allowInsecureBasic, Duration storeTimeout) {

    /** {@code throttle.store_timeout} when not written: a slow reply is waited for, not guessed (DESIGN.md "Faults"). */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofMillis(500);

    public Policy {
        authentication = List.copyOf(authentication);
        throttleRates = Map.copyOf(throttleRates);
        routes = List.copyOf(routes);
    }

    /** A policy with the default {@code throttle.store_timeout}. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                  boolean allowInsecureBasic) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, allowInsecureBasic,
                DEFAULT_STORE_TIMEOUT);
    }

    /** This policy with other token settings. */
    public Policy withTokens(TokenSettings tokens) {
        return new Policy(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes,
                allowInsecureBasic, storeTimeout);
    }

    /** A policy with Basic over TLS only, the secure default. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, false);
    }
}
