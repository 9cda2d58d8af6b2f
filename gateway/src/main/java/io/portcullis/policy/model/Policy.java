package io.portcullis.policy.model;

import io.portcullis.policy.rate.Rate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated policy.yaml. Immutable; routes keep file order (first match wins). {@code allowInsecureBasic} lets Basic
 * credentials travel over plain HTTP (unsafe, only when written out: {@code clients.allow_insecure_basic: true}).
 * {@code bodyTimeout} ({@code clients.body_timeout}) is how long a request body may take to arrive: a buffered body in
 * all, a streamed one between two reads (DESIGN.md "Slow or stalled request bodies never reach the upstream").
 */
public record Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                     Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                     boolean allowInsecureBasic, Duration bodyTimeout) {

    /** {@code clients.request_buffer}: bodies up to this many bytes are read completely before being forwarded. */
    public static final long DEFAULT_REQUEST_BUFFER = 1L << 20;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    public Policy {
        authentication = List.copyOf(authentication);
        throttleRates = Map.copyOf(throttleRates);
        routes = List.copyOf(routes);
        bodyTimeout = bodyTimeout == null ? DEFAULT_BODY_TIMEOUT : bodyTimeout;
    }

    /** A policy with the default body timeout. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes,
                  boolean allowInsecureBasic) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, allowInsecureBasic,
                DEFAULT_BODY_TIMEOUT);
    }

    /** A policy with Basic over TLS only, the secure default. */
    public Policy(List<String> authentication, TokenSettings tokens, IdentitySettings identity, int numProxies,
                  Map<String, Rate> throttleRates, StoreFailure storeFailure, List<Route> routes) {
        this(authentication, tokens, identity, numProxies, throttleRates, storeFailure, routes, false);
    }
}
