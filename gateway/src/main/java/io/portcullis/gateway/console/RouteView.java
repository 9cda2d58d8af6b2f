package io.portcullis.gateway.console;

import io.portcullis.policy.expr.PermissionPrinter;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.rate.Rate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One route as the console shows it: expressions printed as policy.yaml writes them, each throttle scope with its
 * rate ({@code null} when the policy names no rate for it), {@code methods} the per-method permission overrides.
 */
public record RouteView(String id, List<String> paths, String permission, Map<String, String> methods,
                        List<Throttle> throttle, String upstream) {

    public record Throttle(String scope, String rate) {
    }

    static RouteView of(Route route, Policy policy) {
        Map<String, String> methods = new TreeMap<>();
        route.methods().forEach((method, permission) -> methods.put(method, PermissionPrinter.print(permission)));
        List<Throttle> throttle = route.throttle().stream().map(scope -> {
            Rate rate = policy.throttleRates().get(scope);
            return new Throttle(scope, rate == null ? null : rate.toString());
        }).toList();
        return new RouteView(route.id(), route.paths(), PermissionPrinter.print(route.permission()), methods, throttle,
                route.upstream().toString());
    }
}
