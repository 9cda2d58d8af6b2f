package io.portcullis.policy.decide;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.match.RequestPaths;
import io.portcullis.policy.match.RouteMatch;

import java.util.Optional;
import java.util.Set;

/**
 * The first step of every request, shared by the gateway and {@code explain}/{@code test}: method check, the one
 * normalised path, and the route it matches (DESIGN.md "Paths" and "Request pipeline" step 1).
 */
public final class Routing {

    /** Only the standard methods, upper-case (methods are case-sensitive tokens); TRACE and CONNECT never. */
    public static final Set<String> ROUTED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** {@link #ROUTED_METHODS} as a 405's {@code Allow} names them, in DRF's order (its {@code http_method_names}). */
    public static final String ROUTED_METHODS_ALLOW = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";
    /** The gateway's own endpoints: never a policy route. */
    public static final String OWN_ENDPOINTS = "/auth/";

    /** What routing decided; exactly one of the outcomes. {@code path} is set whenever the path was acceptable. */
    public record Result(Outcome outcome, String path, String problem, RouteMatch match) {
    }

    public enum Outcome {
        /** 405: a method that is never routed. */
        METHOD_NOT_ALLOWED,
        /** 400: an ambiguous path ({@code problem} says why). */
        BAD_PATH,
        /** Served by the gateway itself. */
        OWN_ENDPOINT,
        /** 404: no route. */
        NO_ROUTE,
        /** A route matched. */
        MATCHED
    }

    private Routing() {
    }

    public static Result route(PolicySnapshot snapshot, String method, String rawPath) {
        RequestPaths.Result path = RequestPaths.normalize(rawPath);
        // The gateway's own endpoints answer every method themselves: a 405 there names their own methods in Allow.
        if (path.ok() && path.path().startsWith(OWN_ENDPOINTS)) {
            return new Result(Outcome.OWN_ENDPOINT, path.path(), null, null);
        }
        if (!ROUTED_METHODS.contains(method)) {
            return new Result(Outcome.METHOD_NOT_ALLOWED, null, null, null);
        }
        if (!path.ok()) {
            return new Result(Outcome.BAD_PATH, null, path.problem(), null);
        }
        Optional<RouteMatch> match = snapshot.routes().match(path.path());
        return match.map(m -> new Result(Outcome.MATCHED, path.path(), null, m))
                .orElseGet(() -> new Result(Outcome.NO_ROUTE, path.path(), null, null));
    }
}
