package io.portcullis.policy.parse;

import io.portcullis.policy.model.ApiKey;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads users.yaml into {@link Users}, collecting every problem; see DESIGN.md "policy/users.yaml". */
public final class UsersReader {

    /** DelegatingPasswordEncoder ids accepted: the slow, salted ones only (no noop, MD5 or SHA). */
    static final List<String> ENCODERS = List.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8", "pbkdf2",
            "pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8");
    private static final Pattern ENCODED = Pattern.compile("\\{([^}]*)}(.+)", Pattern.DOTALL);
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> USER_KEYS = Set.of("username", "id", "password", "roles", "admin", "active", "claims");
    private static final Set<String> KEY_KEYS = Set.of("name", "user", "key_sha256");

    private final YamlFile yaml;
    private final Set<String> ids = new HashSet<>();
    private final Map<String, User> users = new LinkedHashMap<>();

    /** True when policy.yaml takes users from a database: this file then holds api_keys alone. */
    private final boolean usersElsewhere;

    private UsersReader(YamlFile yaml, boolean usersElsewhere) {
        this.yaml = yaml;
        this.usersElsewhere = usersElsewhere;
    }

    /** The users in {@code text}, or empty when a problem was added to {@code problems}. */
    public static Optional<Users> read(String file, String text, List<Problem> problems) {
        return read(file, text, problems, false);
    }

    /**
     * {@link #read}; with {@code usersElsewhere} (policy.yaml {@code users.source: sql}) the file lists no users, and
     * its api_keys act as users of the database, which only a look-up can find.
     */
    public static Optional<Users> read(String file, String text, List<Problem> problems, boolean usersElsewhere) {
        int before = problems.size();
        YamlFile yaml = new YamlFile(file, problems);
        Optional<Users> users = yaml.root(text).map(root -> new UsersReader(yaml, usersElsewhere).users(root));
        return problems.size() == before ? users : Optional.empty();
    }

    private Users users(Node root) {
        Map<String, Node> top = yaml.mapping(root, "users.yaml", Set.of("users", "api_keys"));
        Node list = usersElsewhere ? top.get("users") : yaml.required(top, "users", root, "users.yaml");
        if (list != null && usersElsewhere && !yaml.sequence(list, "users").isEmpty()) {
            yaml.problem(list, "users come from the database (policy.yaml users.source: sql): list them there, "
                    + "or remove them here; users.yaml keeps only api_keys");
        } else if (list != null) {
            yaml.sequence(list, "users").forEach(this::user);
        }
        List<ApiKey> keys = new ArrayList<>();
        if (top.containsKey("api_keys")) {
            Set<String> names = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            for (Node item : yaml.sequence(top.get("api_keys"), "api_keys")) {
                apiKey(item, names, hashes).ifPresent(keys::add);
            }
        }
        return new Users(List.copyOf(users.values()), keys);
    }

    private void user(Node node) {
        Map<String, Node> values = yaml.mapping(node, "user", USER_KEYS);
        Node usernameNode = yaml.required(values, "username", node, "user");
        String username = usernameNode == null ? null : yaml.string(usernameNode, "username");
        String what = "user '" + (username == null ? "?" : username) + "'";
        Node idNode = values.getOrDefault("id", usernameNode);
        String id = values.containsKey("id") ? yaml.string(idNode, "id") : username;
        String password = password(values.get("password"), node, what);
        List<String> roles = values.containsKey("roles") ? yaml.strings(values.get("roles"), "roles") : List.of();
        boolean admin = values.containsKey("admin") && Boolean.TRUE.equals(yaml.bool(values.get("admin"), "admin"));
        boolean active = !values.containsKey("active") || !Boolean.FALSE.equals(yaml.bool(values.get("active"), "active"));
        Map<String, String> claims = values.containsKey("claims") ? claims(values.get("claims")) : Map.of();
        if (username != null && username.isBlank()) {
            yaml.problem(usernameNode, "username must not be blank");
        } else if (username != null && users.containsKey(username)) {
            yaml.problem(usernameNode, "duplicate username '" + username + "'");
        } else if (id != null && !ids.add(id)) {
            yaml.problem(idNode, "duplicate user id '" + id + "'");
        } else if (username != null && id != null && password != null) {
            users.put(username, new User(username, id, password, roles, admin, active, claims));
        }
    }

    private String password(Node node, Node owner, String what) {
        if (node == null || YamlFile.isNull(node)) {
            yaml.problem(node == null ? owner : node, what + " has no password hash; make one with: java -jar portcullis.jar hash-password");
            return null;
        }
        String value = yaml.string(node, "password");
        if (value == null) {
            return null;
        }
        var matcher = ENCODED.matcher(value);
        if (!matcher.matches() || !ENCODERS.contains(matcher.group(1))) {
            yaml.problem(node, what + ": password must be a hash as {bcrypt}$2a$10$... (accepted: "
                    + String.join(", ", ENCODERS) + "); make one with: java -jar portcullis.jar hash-password");
            return null;
        }
        if (matcher.group(1).equals("bcrypt") && !BCRYPT.matcher(matcher.group(2)).matches()) {
            yaml.problem(node, what + ": not a well-formed bcrypt hash");
            return null;
        }
        return value;
    }

    private Map<String, String> claims(Node node) {
        Map<String, String> claims = new LinkedHashMap<>();
        yaml.mapping(node, "claims", Set.of()).forEach((name, value) -> {
            String text = yaml.string(value, name);
            if (text != null) {
                claims.put(name, text);
            }
        });
        return claims;
    }

    private Optional<ApiKey> apiKey(Node node, Set<String> names, Set<String> hashes) {
        Map<String, Node> values = yaml.mapping(node, "api key", KEY_KEYS);
        Node nameNode = yaml.required(values, "name", node, "api key");
        Node userNode = yaml.required(values, "user", node, "api key");
        Node hashNode = yaml.required(values, "key_sha256", node, "api key");
        String name = nameNode == null ? null : yaml.string(nameNode, "name");
        String user = userNode == null ? null : yaml.string(userNode, "user");
        String hash = hashNode == null ? null : yaml.string(hashNode, "key_sha256");
        if (name != null && !names.add(name)) {
            yaml.problem(nameNode, "duplicate api key name '" + name + "'");
            return Optional.empty();
        }
        if (user != null && !usersElsewhere && !users.containsKey(user)) {
            yaml.problem(userNode, "api key '" + name + "' acts as unknown user '" + user + "'"
                    + Suggestions.didYouMean(user, users.keySet()));
            return Optional.empty();
        }
        if (hash != null && !SHA256_HEX.matcher(hash).matches()) {
            yaml.problem(hashNode, "key_sha256 must be 64 hex digits; make a key with: java -jar portcullis.jar apikey create");
            return Optional.empty();
        }
        if (hash != null && !hashes.add(hash.toLowerCase(Locale.ROOT))) {
            yaml.problem(hashNode, "two api keys have the same key_sha256");
            return Optional.empty();
        }
        return name == null || user == null || hash == null ? Optional.empty()
                : Optional.of(new ApiKey(name, user, hash.toLowerCase(Locale.ROOT)));
    }
}
