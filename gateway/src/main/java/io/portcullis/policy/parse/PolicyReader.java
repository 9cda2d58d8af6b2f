package io.portcullis.policy.parse;

import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.model.IdentitySettings;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.users.UserSource;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads policy.yaml into a {@link Policy}, collecting every problem; see DESIGN.md "policy/policy.yaml". */
public final class PolicyReader {

    public static final List<String> SCHEMES = List.of("jwt", "token", "api_key", "basic", "cookie");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Set<String> TOP = Set.of("version", "authentication", "tokens", "identity", "clients",
            "defaults", "throttle_rates", "throttle", "routes", "issuers", "users");
    private static final Set<String> TOKENS = Set.of("algorithm", "access_lifetime", "refresh_lifetime",
            "rotate_refresh_tokens", "blacklist_after_rotation", "issuer", "audience", "leeway", "user_claims",
            "api_token_lifetime", "cookies", "refresh_reuse_interval");
    private static final Set<String> IDENTITY = Set.of("header_prefix", "forward_claims", "forward_authorization");
    private static final Duration MAX_STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> CLIENTS = Set.of("num_proxies", "allow_insecure_basic", "request_buffer", "body_timeout");
    private static final Pattern HEADER_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,30}-");

    private final YamlFile yaml;
    private final EnvironmentVariables env;

    private PolicyReader(YamlFile yaml, EnvironmentVariables env) {
        this.yaml = yaml;
        this.env = env;
    }

    /** The policy in {@code text}, or empty when a problem was added to {@code problems}; secrets from the process. */
    public static Optional<Policy> read(String file, String text, List<Problem> problems) {
        return read(file, text, problems, EnvironmentVariables.SYSTEM);
    }

    /**
     * {@link #read(String, String, List)} with environment variables (the issuers' {@code secret_env},
     * {@code users.database_url_env}) looked up in {@code env}.
     */
    public static Optional<Policy> read(String file, String text, List<Problem> problems, EnvironmentVariables env) {
        int before = problems.size();
        YamlFile yaml = new YamlFile(file, problems);
        Optional<Policy> policy = yaml.root(text).map(root -> new PolicyReader(yaml, env).policy(root));
        return problems.size() == before ? policy : Optional.empty();
    }

    private Policy policy(Node root) {
        Map<String, Node> top = yaml.mapping(root, "policy.yaml", TOP);
        Node version = yaml.required(top, "version", root, "policy.yaml");
        if (version != null && !"1".equals(yaml.string(version, "version"))) {
            yaml.problem(version, "unsupported version (this gateway reads version: 1)");
        }
        List<String> authentication = top.containsKey("authentication")
                ? authentication(top.get("authentication")) : List.of("jwt");
        TokenSettings tokens = top.containsKey("tokens") ? tokens(top.get("tokens")) : TokenSettings.DEFAULTS;
        IdentitySettings identity = top.containsKey("identity") ? identity(top.get("identity")) : IdentitySettings.DEFAULTS;
        int numProxies = 0;
        boolean allowInsecureBasic = false;
        long requestBuffer = Policy.DEFAULT_REQUEST_BUFFER;
        Duration bodyTimeout = Policy.DEFAULT_BODY_TIMEOUT;
        if (top.containsKey("clients")) {
            Map<String, Node> clients = yaml.mapping(top.get("clients"), "clients", CLIENTS);
            Integer value = clients.containsKey("num_proxies") ? yaml.nonNegativeInt(clients.get("num_proxies"), "num_proxies") : null;
            numProxies = value == null ? 0 : value;
            allowInsecureBasic = flag(clients, "allow_insecure_basic", false);
            Long buffer = clients.containsKey("request_buffer") ? RouteReader.requestBuffer(yaml, clients.get("request_buffer")) : null;
            requestBuffer = buffer == null ? requestBuffer : buffer;
            Duration timeout = clients.containsKey("body_timeout")
                    ? RouteReader.positiveDuration(yaml, clients.get("body_timeout"), "body_timeout") : null;
            bodyTimeout = timeout == null ? bodyTimeout : timeout;
        }
        Map<String, Rate> rates = top.containsKey("throttle_rates") ? rates(top.get("throttle_rates")) : Map.of();
        Map<String, Node> throttle = top.containsKey("throttle")
                ? yaml.mapping(top.get("throttle"), "throttle", Set.of("store_failure", "store_timeout")) : Map.of();
        StoreFailure storeFailure = storeFailure(throttle.get("store_failure"));
        Duration storeTimeout = storeTimeout(throttle.get("store_timeout"));
        // Scopes whose rate is invalid are declared all the same: their one problem is the bad rate, not "no rate".
        RouteReader routes = new RouteReader(yaml, declaredScopes(top.get("throttle_rates"), rates.keySet()), requestBuffer);
        RouteReader.Defaults defaults = top.containsKey("defaults")
                ? routes.defaults(top.get("defaults")) : RouteReader.Defaults.SECURE;
        Node routeList = yaml.required(top, "routes", root, "policy.yaml");
        List<Issuer> issuers = top.containsKey("issuers")
                ? new IssuerReader(yaml, env, tokens.issuer()).issuers(top.get("issuers")) : List.of();
        UserSource users = top.containsKey("users") ? new UserSourceReader(yaml, env::get).read(top.get("users")) : UserSource.YAML;
        return new Policy(authentication, tokens, identity, numProxies, rates, storeFailure,
                routeList == null ? List.of() : routes.routes(routeList, defaults), allowInsecureBasic, storeTimeout,
                bodyTimeout, issuers, users);
    }

    private List<String> authentication(Node node) {
        List<String> schemes = new ArrayList<>();
        for (Node item : yaml.sequence(node, "authentication")) {
            String scheme = yaml.string(item, "authentication item");
            if (scheme == null) {
                continue;
            }
            if (!SCHEMES.contains(scheme)) {
                yaml.problem(item, "unknown authentication scheme '" + scheme + "'" + Suggestions.didYouMean(scheme, SCHEMES)
                        + "; known: " + String.join(", ", SCHEMES));
            } else if (schemes.contains(scheme)) {
                yaml.problem(item, "authentication scheme '" + scheme + "' is listed twice");
            } else {
                schemes.add(scheme);
            }
        }
        if (schemes.isEmpty() && node != null) {
            yaml.problem(node, "authentication must name at least one scheme");
        }
        return schemes;
    }

    private TokenSettings tokens(Node node) {
        Map<String, Node> values = yaml.mapping(node, "tokens", TOKENS);
        TokenSettings d = TokenSettings.DEFAULTS;
        String algorithm = values.containsKey("algorithm") ? yaml.string(values.get("algorithm"), "algorithm") : d.algorithm();
        if (algorithm != null && !List.of("HS256", "RS256", "ES256").contains(algorithm)) {
            yaml.problem(values.get("algorithm"), "algorithm must be HS256, RS256 or ES256, not '" + algorithm + "'");
        }
        return new TokenSettings(algorithm,
                duration(values, "access_lifetime", d.accessLifetime(), false),
                duration(values, "refresh_lifetime", d.refreshLifetime(), false),
                flag(values, "rotate_refresh_tokens", d.rotateRefreshTokens()),
                flag(values, "blacklist_after_rotation", d.blacklistAfterRotation()),
                optionalString(values, "issuer", d.issuer()),
                optionalString(values, "audience", d.audience()),
                duration(values, "leeway", d.leeway(), false),
                values.containsKey("user_claims") ? names(values.get("user_claims"), "user_claims") : d.userClaims(),
                duration(values, "api_token_lifetime", d.apiTokenLifetime(), true),
                flag(values, "cookies", d.cookies()),
                duration(values, "refresh_reuse_interval", d.refreshReuseInterval(), false));
    }

    private IdentitySettings identity(Node node) {
        Map<String, Node> values = yaml.mapping(node, "identity", IDENTITY);
        IdentitySettings d = IdentitySettings.DEFAULTS;
        // Unlike issuer or audience, the prefix cannot be switched off: the headers it names are stripped and set.
        String prefix = values.containsKey("header_prefix")
                ? yaml.string(values.get("header_prefix"), "header_prefix") : d.headerPrefix();
        if (prefix == null) {
            prefix = d.headerPrefix();
        } else if (!HEADER_PREFIX.matcher(prefix).matches()) {
            yaml.problem(values.get("header_prefix"), "header_prefix must be letters, digits and '-', ending in '-', as X-Auth-");
            prefix = d.headerPrefix();
        }
        return new IdentitySettings(prefix,
                values.containsKey("forward_claims") ? names(values.get("forward_claims"), "forward_claims") : d.forwardClaims(),
                flag(values, "forward_authorization", d.forwardAuthorization()));
    }

    private Map<String, Rate> rates(Node node) {
        Map<String, Rate> rates = new LinkedHashMap<>();
        yaml.mapping(node, "throttle_rates", Set.of()).forEach((scope, value) -> {
            String text = yaml.string(value, scope);
            if (text == null) {
                return;
            }
            Optional<Rate> rate = Rate.parse(text);
            if (rate.isEmpty()) {
                yaml.problem(value, "bad rate '" + text + "' for scope '" + scope
                        + "': expected N/period with period second, minute, hour or day, as 100/hour");
            } else if (!NAME.matcher(scope).matches()) {
                yaml.problem(value, "throttle scope name '" + scope + "' must be letters, digits, '_' and '-'");
            } else {
                rates.put(scope, rate.get());
            }
        });
        return rates;
    }

    private static Set<String> declaredScopes(Node node, Set<String> valid) {
        if (!(node instanceof MappingNode mapping)) {
            return valid;
        }
        Set<String> declared = new LinkedHashSet<>(valid);
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                declared.add(key.getValue());
            }
        }
        return declared;
    }

    private StoreFailure storeFailure(Node value) {
        String text = value == null ? "local" : yaml.string(value, "store_failure");
        try {
            return text == null ? StoreFailure.LOCAL : StoreFailure.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            yaml.problem(value, "store_failure must be local, allow or deny, not '" + text + "'");
            return StoreFailure.LOCAL;
        }
    }

    /** Between 1 ms and {@link #MAX_STORE_TIMEOUT}: a longer wait would hold every request while Redis hangs. */
    private Duration storeTimeout(Node value) {
        String text = value == null ? null : yaml.string(value, "store_timeout");
        if (text == null) {
            return Policy.DEFAULT_STORE_TIMEOUT;
        }
        Optional<Duration> timeout = Durations.parseWithMillis(text);
        if (timeout.isEmpty() || timeout.get().isZero() || timeout.get().compareTo(MAX_STORE_TIMEOUT) > 0) {
            yaml.problem(value, "bad store_timeout '" + text + "': expected a duration from 1ms to 30s, as 500ms");
            return Policy.DEFAULT_STORE_TIMEOUT;
        }
        return timeout.get();
    }

    private List<String> names(Node node, String key) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node item : yaml.sequence(node, key)) {
            String name = yaml.string(item, key + " item");
            if (name != null && !NAME.matcher(name).matches()) {
                yaml.problem(item, key + " item '" + name + "' must be letters, digits, '_' and '-'");
            } else if (name != null && seen.add(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private Duration duration(Map<String, Node> values, String key, Duration fallback, boolean nullable) {
        Node node = values.get(key);
        if (node == null) {
            return fallback;
        }
        if (nullable && YamlFile.isNull(node)) {
            return null;
        }
        String text = yaml.string(node, key);
        Optional<Duration> duration = text == null ? Optional.empty() : Durations.parse(text);
        if (text != null && duration.isEmpty()) {
            yaml.problem(node, "bad duration '" + text + "' for '" + key + "': expected a number and s, m, h or d, as 15m");
        }
        return duration.orElse(fallback);
    }

    private boolean flag(Map<String, Node> values, String key, boolean fallback) {
        Boolean value = values.containsKey(key) ? yaml.bool(values.get(key), key) : null;
        return value == null ? fallback : value;
    }

    private String optionalString(Map<String, Node> values, String key, String fallback) {
        Node node = values.get(key);
        if (node == null) {
            return fallback;
        }
        return YamlFile.isNull(node) ? null : yaml.string(node, key);
    }

    /** Exposed for the route reader: the permission parser's answer as a problem at {@code node}. */
    static Optional<Permission> permission(YamlFile yaml, Node node, String key) {
        String text = yaml.string(node, key);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(io.portcullis.policy.expr.PermissionParser.parse(text));
        } catch (io.portcullis.policy.expr.PermissionSyntaxException e) {
            yaml.problem(node, e.column() - 1, key + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
