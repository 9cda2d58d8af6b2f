package io.portcullis.policy.model;

import io.portcullis.policy.rate.Rate;

import java.util.List;
import java.util.Map;

/** A validated policy.yaml. Immutable; routes keep file order (first match wins). */
public record Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                     Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes) {

    public Policy {
        authentication = List.copyOf(authentication);
        throttleRates = Map.copyOf(throttleRates);
        routes = List.copyOf(routes);
    }
}
