package io.portcullis.policy.model;

import io.portcullis.policy.expr.Permission;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One policy.yaml route, resolved against {@code defaults}: {@code permission} and {@code throttle} are never null.
 * {@code methods} overrides the permission for the named (upper-case) methods; {@code timeouts} is never null.
 * {@code requestBuffer}: request bodies up to this many bytes are read completely before the upstream is contacted
 * (the route's {@code request_buffer}, else {@code clients.request_buffer}); 0 streams every body.
 */
public record Route(String id, List<String> paths, URI upstream, Permission permission,
                    Map<String, Permission> methods, List<String> throttle, RouteTimeouts timeouts, long requestBuffer) {

    public Route {
        paths = List.copyOf(paths);
        methods = Map.copyOf(methods);
        throttle = List.copyOf(throttle);
        timeouts = timeouts == null ? RouteTimeouts.DEFAULTS : timeouts;
    }

    /** A route with the gateway-wide request buffer. */
    public Route(String id, List<String> paths, URI upstream, Permission permission, Map<String, Permission> methods,
                 List<String> throttle, RouteTimeouts timeouts) {
        this(id, paths, upstream, permission, methods, throttle, timeouts, Policy.DEFAULT_REQUEST_BUFFER);
    }

    /** A route with the gateway-wide upstream timeouts and request buffer. */
    public Route(String id, List<String> paths, URI upstream, Permission permission, Map<String, Permission> methods,
                 List<String> throttle) {
        this(id, paths, upstream, permission, methods, throttle, RouteTimeouts.DEFAULTS);
    }

    /** The permission that decides {@code method}: the method's override, else the route's. */
    public Permission permissionFor(String method) {
        return methods.getOrDefault(method, permission);
    }
}
