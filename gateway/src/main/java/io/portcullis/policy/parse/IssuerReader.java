package io.portcullis.policy.parse;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.ClaimNames;
import io.portcullis.policy.model.Issuer.Identities;
import org.yaml.snakeyaml.nodes.Node;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code issuers:} of policy.yaml (DESIGN.md "External token issuers"). Beyond the shape of each entry, it refuses
 * what would make a token's issuer ambiguous (two issuers, or an issuer and the gateway itself, with the same
 * {@code iss}) and what would weaken verification (HS256 mixed with public-key algorithms, a secret shorter than
 * HS256's 32 bytes, keys fetched over plain HTTP unless written out).
 */
final class IssuerReader {

    private static final Set<String> KEYS = Set.of("id", "issuer", "algorithms", "secret_env", "jwks_url", "discovery",
            "allow_http", "jwks_refresh", "audience", "user_claim", "users", "claims");
    private static final Set<String> CLAIM_KEYS = Set.of("username", "roles", "admin_role");
    private static final Duration MIN_JWKS_REFRESH = Duration.ofSeconds(30);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CLAIM_PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");
    /** RFC 7518 section 3.2; jjwt refuses shorter HMAC keys too. */
    private static final int MIN_SECRET_BYTES = 32;

    private final YamlFile yaml;
    private final EnvironmentVariables env;
    private final String ownIssuer;
    private final Set<String> ids = new LinkedHashSet<>();
    /** {@code iss} values already taken (null: no iss), with the issuer id that took them. */
    private final Map<String, String> issValues = new HashMap<>();

    /** {@code ownIssuer}: {@code tokens.issuer}, the {@code iss} of the gateway's own tokens (null: none). */
    IssuerReader(YamlFile yaml, EnvironmentVariables env, String ownIssuer) {
        this.yaml = yaml;
        this.env = env;
        this.ownIssuer = ownIssuer;
    }

    List<Issuer> issuers(Node node) {
        List<Issuer> issuers = new ArrayList<>();
        for (Node item : yaml.sequence(node, "issuers")) {
            issuer(item).ifPresent(issuers::add);
        }
        return issuers;
    }

    private Optional<Issuer> issuer(Node node) {
        int before = yaml.problemCount();
        Map<String, Node> values = yaml.mapping(node, "issuer", KEYS);
        String id = id(values, node);
        String what = "issuer '" + (id == null ? "?" : id) + "'";
        String iss = iss(values, node, what, id);
        List<String> algorithms = algorithms(yaml.required(values, "algorithms", node, what), what);
        boolean hmac = algorithms.contains(Issuer.HMAC);
        boolean allowHttp = flag(values, "allow_http");
        boolean discovery = flag(values, "discovery");
        URI jwksUrl = values.containsKey("jwks_url") ? url(values.get("jwks_url"), "jwks_url", allowHttp) : null;
        String secretEnv = values.containsKey("secret_env") ? secretEnv(values.get("secret_env"), what) : null;
        if (hmac) {
            hmacKeys(values, node, what, secretEnv);
        } else if (!algorithms.isEmpty()) {
            publishedKeys(values, node, what, iss, allowHttp, discovery);
        }
        Duration refresh = values.containsKey("jwks_refresh") ? refresh(values.get("jwks_refresh")) : null;
        String audience = values.containsKey("audience") ? yaml.string(values.get("audience"), "audience") : null;
        Node userClaimNode = yaml.required(values, "user_claim", node, what);
        String userClaim = userClaimNode == null ? null : yaml.string(userClaimNode, "user_claim");
        Identities users = values.containsKey("users") ? users(values.get("users")) : Identities.LOCAL;
        ClaimNames claims = ClaimNames.NONE;
        if (values.containsKey("claims")) {
            if (users != Identities.CLAIMS) {
                yaml.problem(values.get("claims"), what + ": claims: applies only with users: claims");
            } else {
                claims = claimNames(values.get("claims"));
            }
        }
        if (yaml.problemCount() != before) {
            return Optional.empty();
        }
        return Optional.of(new Issuer(id, iss, algorithms, secretEnv, jwksUrl, discovery, allowHttp, refresh, audience,
                userClaim, users, claims));
    }

    private String id(Map<String, Node> values, Node owner) {
        Node idNode = yaml.required(values, "id", owner, "issuer");
        String id = idNode == null ? null : yaml.string(idNode, "id");
        if (id == null) {
            return null;
        }
        if (!PolicyReader.NAME.matcher(id).matches()) {
            yaml.problem(idNode, "issuer id '" + id + "' must be letters, digits, '_' and '-'");
        } else if (id.equals(Issuer.OWN_ID)) {
            yaml.problem(idNode, "issuer id '" + Issuer.OWN_ID + "' is the gateway's own (X-Auth-Issuer of its tokens); "
                    + "choose another");
        } else if (!ids.add(id)) {
            yaml.problem(idNode, "duplicate issuer id '" + id + "'");
        }
        return id;
    }

    /** The {@code iss} this issuer's tokens carry; written out even when null, since null has a meaning of its own. */
    private String iss(Map<String, Node> values, Node owner, String what, String id) {
        Node node = yaml.required(values, "issuer", owner, what);
        if (node == null) {
            return null;
        }
        String iss = YamlFile.isNull(node) ? null : yaml.string(node, "issuer");
        if (!YamlFile.isNull(node) && (iss == null || iss.isEmpty())) {
            if (iss != null) {
                yaml.problem(node, what + ": issuer must not be empty; write issuer: null for tokens without iss");
            }
            return null;
        }
        String label = iss == null ? "issuer: null" : "issuer '" + iss + "'";
        if (Objects.equals(iss, ownIssuer)) {
            yaml.problem(node, what + ": " + label + " is the gateway's own tokens.issuer"
                    + (iss == null ? " (its tokens carry no iss); set tokens.issuer to tell them apart" : ""));
        } else if (issValues.containsKey(iss)) {
            yaml.problem(node, what + ": " + label + " is already issuer '" + issValues.get(iss)
                    + "''s; a token's iss must name one issuer");
        } else {
            issValues.put(iss, id == null ? "?" : id);
        }
        return iss;
    }

    private List<String> algorithms(Node node, String what) {
        if (node == null) {
            return List.of();
        }
        List<String> algorithms = new ArrayList<>();
        List<Node> items = yaml.sequence(node, "algorithms");
        for (Node item : items) {
            String algorithm = yaml.string(item, "algorithms item");
            if (algorithm == null) {
                continue;
            }
            if (!Issuer.ALGORITHMS.contains(algorithm)) {
                yaml.problem(item, "unknown algorithm '" + algorithm + "'"
                        + Suggestions.didYouMean(algorithm.toUpperCase(Locale.ROOT), Issuer.ALGORITHMS)
                        + "; known: " + String.join(", ", Issuer.ALGORITHMS));
            } else if (algorithms.contains(algorithm)) {
                yaml.problem(item, "algorithm '" + algorithm + "' is listed twice");
            } else if (!algorithms.isEmpty() && (algorithm.equals(Issuer.HMAC) || algorithms.contains(Issuer.HMAC))) {
                yaml.problem(item, what + ": HS256 (a shared secret) cannot be mixed with public-key algorithms in one "
                        + "issuer; list them as two issuers");
            } else {
                algorithms.add(algorithm);
            }
        }
        if (items.isEmpty() && node instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
            yaml.problem(node, what + ": algorithms must name at least one of " + String.join(", ", Issuer.ALGORITHMS));
        }
        return algorithms;
    }

    /** HS256: the secret from the environment, no published keys. */
    private void hmacKeys(Map<String, Node> values, Node owner, String what, String secretEnv) {
        for (String key : List.of("jwks_url", "discovery")) {
            if (values.containsKey(key)) {
                yaml.problem(values.get(key), what + ": " + key + " is for public-key algorithms; an HS256 issuer "
                        + "verifies with the secret named by secret_env");
            }
        }
        if (!values.containsKey("secret_env")) {
            yaml.problem(owner, what + " uses HS256 and needs secret_env: the environment variable holding its "
                    + "signing key (SimpleJWT's SIGNING_KEY)");
            return;
        }
        if (secretEnv == null) {
            return;
        }
        String secret = env.get(secretEnv);
        Node node = values.get("secret_env");
        if (secret == null || secret.isEmpty()) {
            yaml.problem(node, what + ": environment variable " + secretEnv + " (secret_env) is not set");
        } else if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            yaml.problem(node, what + ": the secret in " + secretEnv + " is shorter than " + MIN_SECRET_BYTES
                    + " bytes, too weak for HS256 (RFC 7518 section 3.2); rotate the app's SIGNING_KEY to a longer one");
        }
    }

    /** Public-key algorithms: exactly one of jwks_url and discovery, never a secret. */
    private void publishedKeys(Map<String, Node> values, Node owner, String what, String iss, boolean allowHttp,
                               boolean discovery) {
        if (values.containsKey("secret_env")) {
            yaml.problem(values.get("secret_env"), what + ": secret_env is for HS256; public-key algorithms verify "
                    + "with the keys of jwks_url or discovery");
        }
        boolean jwksUrl = values.containsKey("jwks_url");
        if (jwksUrl && discovery) {
            yaml.problem(values.get("discovery"), what + ": set either jwks_url or discovery: true, not both");
        } else if (!jwksUrl && !discovery) {
            yaml.problem(owner, what + " needs jwks_url, or discovery: true to find its keys from the issuer");
        } else if (discovery && values.containsKey("issuer")) {
            Node issNode = values.get("issuer");
            if (iss == null && YamlFile.isNull(issNode)) {
                yaml.problem(issNode, what + ": discovery: true needs the issuer's URL in issuer");
            } else if (iss != null) {
                url(issNode, "issuer", allowHttp);
            }
        }
    }

    /** An absolute http(s) URL; {@code http} only when the issuer says {@code allow_http: true}. */
    private URI url(Node node, String key, boolean allowHttp) {
        String text = yaml.string(node, key);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            yaml.problem(node, key + " must be an https URL without user info, as https://sso.example.com/..., not '"
                    + text + "'");
            return null;
        }
        if (scheme.equals("http") && !allowHttp) {
            yaml.problem(node, key + " uses http: keys fetched in plain text can be forged on the way; use https, "
                    + "or write allow_http: true (test stand-ins only)");
            return null;
        }
        return uri;
    }

    private String secretEnv(Node node, String what) {
        String name = yaml.string(node, "secret_env");
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            yaml.problem(node, what + ": secret_env names an environment variable (letters, digits and '_'), not '"
                    + name + "'");
            return null;
        }
        return name;
    }

    private Duration refresh(Node node) {
        String text = yaml.string(node, "jwks_refresh");
        Optional<Duration> refresh = text == null ? Optional.empty() : Durations.parse(text);
        if (text != null && (refresh.isEmpty() || refresh.get().compareTo(MIN_JWKS_REFRESH) < 0)) {
            yaml.problem(node, "bad jwks_refresh '" + text + "': expected a duration of at least 30s, as 5m");
            return null;
        }
        return refresh.orElse(null);
    }

    private Identities users(Node node) {
        String text = yaml.string(node, "users");
        if (text == null) {
            return Identities.LOCAL;
        }
        return switch (text) {
            case "local" -> Identities.LOCAL;
            case "claims" -> Identities.CLAIMS;
            default -> {
                yaml.problem(node, "users must be local (the user store) or claims (the token alone), not '" + text + "'");
                yield Identities.LOCAL;
            }
        };
    }

    private ClaimNames claimNames(Node node) {
        Map<String, Node> values = yaml.mapping(node, "claims", CLAIM_KEYS);
        String username = values.containsKey("username") ? yaml.string(values.get("username"), "username") : null;
        String roles = values.containsKey("roles") ? yaml.string(values.get("roles"), "roles") : null;
        if (roles != null && !CLAIM_PATH.matcher(roles).matches()) {
            yaml.problem(values.get("roles"), "roles must be a claim name or a dotted path, as realm_access.roles, not '"
                    + roles + "'");
        }
        String adminRole = values.containsKey("admin_role") ? yaml.string(values.get("admin_role"), "admin_role") : null;
        if (adminRole != null && roles == null) {
            yaml.problem(values.get("admin_role"), "admin_role needs roles: the claim path the role is looked for in");
        }
        return new ClaimNames(username, roles, adminRole);
    }

    private boolean flag(Map<String, Node> values, String key) {
        Boolean value = values.containsKey(key) ? yaml.bool(values.get(key), key) : null;
        return Boolean.TRUE.equals(value);
    }
}
