package io.portcullis.policy.model;

import io.portcullis.policy.rate.Rate;

import java.util.List;
import java.util.Map;

/**
 * A validated policy.yaml. Immutable; routes keep file order (first match wins). {@code allowInsecureBasic} lets Basic
 * credentials travel over plain HTTP (unsafe, only when written out: {@code clients.allow_insecure_basic: true}).
 */
public record Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                     Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                     boolean allowInsecureBasic) {

    public Policy {
        authentication = List.copyOf(authentication);
        throttleRates = Map.copyOf(throttleRates);
        routes = List.copyOf(routes);
    }

    /** This policy with other token settings. */
    public Policy withTokens(TokenSettings tokens) {
        return new Policy(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes,
                allowInsecureBasic);
    }

    /** A policy with Basic over TLS only, the secure default. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, false);
    }
}
