package io.portcullis.policy.parse;

import io.portcullis.policy.decide.Routing;
import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.expr.Permission.IsAuthenticated;
import io.portcullis.policy.match.PathVariables;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.model.RouteTimeouts;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code defaults:} and {@code routes:} of policy.yaml, resolving each route against the defaults. */
final class RouteReader {

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> ROUTE_KEYS = Set.of("id", "path", "paths", "upstream", "permission", "methods", "throttle",
            "timeouts", "request_buffer");

    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    /** A buffered body is held in memory while it arrives: this bounds what one request can make the gateway hold. */
    private static final long MAX_REQUEST_BUFFER = 64L << 20;

    /** The defaults every route inherits; {@code permissionNode} is where the default permission was written, if anywhere. */
    record Defaults(Permission permission, Node permissionNode, List<String> throttle) {
        /** Deny by default: anything weaker must be written out. */
        static final Defaults SECURE = new Defaults(new IsAuthenticated(), null, List.of());
    }

    private final YamlFile yaml;
    private final Set<String> scopes;
    private final long requestBuffer;
    private final Set<String> ids = new HashSet<>();

    /** {@code requestBuffer}: {@code clients.request_buffer}, for routes that do not set their own. */
    RouteReader(YamlFile yaml, Set<String> scopes, long requestBuffer) {
        this.yaml = yaml;
        this.scopes = scopes;
        this.requestBuffer = requestBuffer;
    }

    Defaults defaults(Node node) {
        Map<String, Node> values = yaml.mapping(node, "defaults", Set.of("permission", "throttle"));
        Node permissionNode = values.get("permission");
        Permission permission = permissionNode == null ? Defaults.SECURE.permission()
                : PolicyReader.permission(yaml, permissionNode, "permission").orElse(Defaults.SECURE.permission());
        List<String> throttle = values.containsKey("throttle") ? throttle(values.get("throttle")) : List.of();
        return new Defaults(permission, permissionNode, throttle);
    }

    List<Route> routes(Node node, Defaults defaults) {
        List<Route> routes = new ArrayList<>();
        for (Node item : yaml.sequence(node, "routes")) {
            Route route = route(item, defaults);
            if (route != null) {
                routes.add(route);
            }
        }
        return routes;
    }

    private Route route(Node node, Defaults defaults) {
        Map<String, Node> values = yaml.mapping(node, "route", ROUTE_KEYS);
        Node idNode = yaml.required(values, "id", node, "route");
        String id = idNode == null ? null : yaml.string(idNode, "id");
        if (id != null && !PolicyReader.NAME.matcher(id).matches()) {
            yaml.problem(idNode, "route id '" + id + "' must be letters, digits, '_' and '-'");
        } else if (id != null && !ids.add(id)) {
            yaml.problem(idNode, "duplicate route id '" + id + "'");
            id = null;
        }
        String what = "route '" + (id == null ? "?" : id) + "'";
        Map<String, Node> paths = paths(values, node, what);
        URI upstream = upstream(yaml.required(values, "upstream", node, what));
        Permission permission = defaults.permission();
        Node permissionNode = values.get("permission");
        if (permissionNode != null) {
            permission = PolicyReader.permission(yaml, permissionNode, "permission").orElse(null);
            checkOwnerVariables(permission, permissionNode, paths);
        } else {
            checkOwnerVariables(permission, values.containsKey("path") ? values.get("path") : node, paths);
        }
        Map<String, Permission> methods = values.containsKey("methods") ? methods(values.get("methods"), paths) : Map.of();
        List<String> throttle = values.containsKey("throttle") ? throttle(values.get("throttle")) : defaults.throttle();
        RouteTimeouts timeouts = values.containsKey("timeouts") ? timeouts(values.get("timeouts")) : RouteTimeouts.DEFAULTS;
        Long buffer = values.containsKey("request_buffer") ? requestBuffer(yaml, values.get("request_buffer")) : null;
        if (id == null || paths.isEmpty() || upstream == null || permission == null) {
            return null;
        }
        return new Route(id, List.copyOf(paths.keySet()), upstream, permission, methods, throttle, timeouts,
                buffer == null ? requestBuffer : buffer);
    }

    /** Path pattern → its node; exactly one of {@code path} and {@code paths}. */
    private Map<String, Node> paths(Map<String, Node> values, Node owner, String what) {
        List<Node> nodes = new ArrayList<>();
        if (values.containsKey("path") && values.containsKey("paths")) {
            yaml.problem(values.get("paths"), what + " has both 'path' and 'paths': keep one");
        } else if (values.containsKey("path")) {
            nodes.add(values.get("path"));
        } else if (values.containsKey("paths")) {
            nodes.addAll(yaml.sequence(values.get("paths"), "paths"));
            if (nodes.isEmpty() && values.get("paths") instanceof SequenceNode) {
                yaml.problem(values.get("paths"), what + " needs at least one path in 'paths'");
            }
        } else {
            yaml.problem(owner, what + " needs 'path' (or 'paths')");
        }
        Map<String, Node> paths = new LinkedHashMap<>();
        for (Node node : nodes) {
            String pattern = yaml.string(node, "path");
            if (pattern != null && validPattern(node, pattern)) {
                paths.put(pattern, node);
            }
        }
        return paths;
    }

    private boolean validPattern(Node node, String pattern) {
        if (!pattern.startsWith("/")) {
            yaml.problem(node, "path '" + pattern + "' must start with '/'");
            return false;
        }
        if (pattern.equals("/auth") || pattern.startsWith(Routing.OWN_ENDPOINTS)) {
            yaml.problem(node, "path '" + pattern + "' is under " + Routing.OWN_ENDPOINTS
                    + ", the gateway's own token endpoints; no route can serve it");
            return false;
        }
        try {
            PathPatternParser.defaultInstance.parse(pattern);
            return true;
        } catch (PatternParseException e) {
            yaml.problem(node, e.getPosition(), "bad path pattern '" + pattern + "': " + e.getMessage());
            return false;
        }
    }

    private URI upstream(Node node) {
        String text = node == null ? null : yaml.string(node, "upstream");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
            if (http && uri.getHost() != null && bare) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        yaml.problem(node, "upstream '" + text + "' must be an absolute http(s) URL with a host and no path, query or "
                + "credentials, as http://legacy-blog:8080 (the request path is forwarded unchanged)");
        return null;
    }

    private RouteTimeouts timeouts(Node node) {
        Map<String, Node> values = yaml.mapping(node, "timeouts", Set.of("connect", "response"));
        return new RouteTimeouts(timeout(values.get("connect"), "connect"), timeout(values.get("response"), "response"));
    }

    /** A positive policy duration; absent → null (the gateway-wide default). */
    private Duration timeout(Node node, String key) {
        return node == null ? null : positiveDuration(yaml, node, key);
    }

    /** A positive policy duration of at most a day, or null with a problem at {@code node}. */
    static Duration positiveDuration(YamlFile yaml, Node node, String key) {
        String text = yaml.string(node, key);
        if (text == null) {
            return null;
        }
        Optional<Duration> duration = Durations.parse(text);
        if (duration.isEmpty() || duration.get().isZero() || duration.get().compareTo(MAX_TIMEOUT) > 0) {
            yaml.problem(node, "bad timeout '" + text + "' for '" + key + "': expected a positive number and s, m, h or d, "
                    + "at most 1d, as 30s");
            return null;
        }
        return duration.get();
    }

    /** {@code request_buffer} (of a route or of {@code clients:}): a size up to 64MiB, or null with a problem. */
    static Long requestBuffer(YamlFile yaml, Node node) {
        String text = yaml.string(node, "request_buffer");
        if (text == null) {
            return null;
        }
        Optional<Long> size = DataSizes.parse(text);
        if (size.isEmpty() || size.get() > MAX_REQUEST_BUFFER) {
            yaml.problem(node, "bad size '" + text + "' for 'request_buffer': expected 0 (stream every body) or a whole "
                    + "number and B, KiB, MiB or GiB, at most 64MiB, as 1MiB");
            return null;
        }
        return size.get();
    }

    private Map<String, Permission> methods(Node node, Map<String, Node> paths) {
        Map<String, Permission> methods = new LinkedHashMap<>();
        yaml.mapping(node, "methods", Set.copyOf(METHODS)).forEach((method, value) ->
                PolicyReader.permission(yaml, value, method).ifPresent(permission -> {
                    checkOwnerVariables(permission, value, paths);
                    methods.put(method, permission);
                }));
        return methods;
    }

    private List<String> throttle(Node node) {
        List<String> throttle = new ArrayList<>();
        List<Node> items = yaml.sequence(node, "throttle");
        for (Node item : items) {
            String scope = yaml.string(item, "throttle item");
            if (scope != null && !scopes.contains(scope)) {
                yaml.problem(item, "throttle scope '" + scope + "' has no rate in throttle_rates"
                        + Suggestions.didYouMean(scope, scopes));
            } else if (scope != null && !throttle.contains(scope)) {
                throttle.add(scope);
            }
        }
        return throttle;
    }

    /** Every IsOwner(var) must name a variable that every path of the route declares. */
    private void checkOwnerVariables(Permission permission, Node at, Map<String, Node> paths) {
        if (permission == null) {
            return;
        }
        for (String variable : PathVariables.ownerVariables(permission)) {
            for (String path : paths.keySet()) {
                if (!PathVariables.names(path).contains(variable)) {
                    yaml.problem(at, "IsOwner(" + variable + ") needs {" + variable + "} in the route's path, but '"
                            + path + "' declares " + describe(PathVariables.names(path)));
                }
            }
        }
    }

    private static String describe(Set<String> names) {
        return names.isEmpty() ? "no variables" : "only {" + String.join("}, {", names) + "}";
    }
}
