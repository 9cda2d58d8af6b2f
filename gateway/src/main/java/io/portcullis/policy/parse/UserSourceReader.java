package io.portcullis.policy.parse;

import io.portcullis.policy.users.DatabaseUrl;
import io.portcullis.policy.users.NamedQuery;
import io.portcullis.policy.users.UserQueries;
import io.portcullis.policy.users.UserSource;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code users:} of policy.yaml (DESIGN.md "User store in a database"); the database URL from the environment. */
final class UserSourceReader {

    private static final Set<String> KEYS = Set.of("source", "database_url_env", "schema", "cache", "queries");
    private static final Set<String> QUERIES = Set.of("by_username", "by_id", "by_token");
    private static final Set<String> SQL_ONLY = Set.of("database_url_env", "schema", "cache", "queries");

    private final YamlFile yaml;
    private final Function<String, String> environment;

    UserSourceReader(YamlFile yaml, Function<String, String> environment) {
        this.yaml = yaml;
        this.environment = environment;
    }

    UserSource read(Node node) {
        Map<String, Node> values = yaml.mapping(node, "users", KEYS);
        String source = values.containsKey("source") ? yaml.string(values.get("source"), "source") : "yaml";
        if ("yaml".equals(source) || source == null) {
            values.keySet().stream().filter(SQL_ONLY::contains).forEach(key ->
                    yaml.problem(values.get(key), "'" + key + "' applies only to source: sql"));
            return UserSource.YAML;
        }
        if (!"sql".equals(source)) {
            yaml.problem(values.get("source"), "source must be yaml or sql, not '" + source + "'");
            return UserSource.YAML;
        }
        Node envNode = yaml.required(values, "database_url_env", node, "users (source: sql)");
        String env = envNode == null ? null : yaml.string(envNode, "database_url_env");
        DatabaseUrl url = env == null ? null : url(envNode, env);
        UserSource.Schema schema = schema(values.get("schema"));
        Duration cache = cache(values.get("cache"));
        UserQueries queries = UserQueries.DJANGO;
        if (schema == UserSource.Schema.CUSTOM) {
            queries = values.containsKey("queries") ? queries(values.get("queries"))
                    : missingQueries(node);
        } else if (values.containsKey("queries")) {
            yaml.problem(values.get("queries"), "'queries' applies only to schema: custom (schema: django has its own)");
        }
        return new UserSource(UserSource.Kind.SQL, env, url, schema, cache, queries);
    }

    private DatabaseUrl url(Node at, String env) {
        String text = environment.apply(env);
        if (text == null || text.isBlank()) {
            yaml.problem(at, "environment variable '" + env + "' is not set (it must hold the user database URL)");
            return null;
        }
        Optional<DatabaseUrl> url = DatabaseUrl.parse(text);
        if (url.isEmpty()) {
            // never the URL itself: it holds a password
            yaml.problem(at, "environment variable '" + env + "' is not a database URL (" + DatabaseUrl.schemeOf(text)
                    + "): " + DatabaseUrl.rule());
        }
        return url.orElse(null);
    }

    private UserSource.Schema schema(Node node) {
        String text = node == null ? "django" : yaml.string(node, "schema");
        if (text == null) {
            return UserSource.Schema.DJANGO;
        }
        try {
            return UserSource.Schema.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            yaml.problem(node, "schema must be django or custom, not '" + text + "'");
            return UserSource.Schema.DJANGO;
        }
    }

    private Duration cache(Node node) {
        String text = node == null ? null : yaml.string(node, "cache");
        if (text == null) {
            return UserSource.DEFAULT_CACHE;
        }
        Optional<Duration> cache = Durations.parseWithMillis(text);
        if (cache.isEmpty() || cache.get().compareTo(Duration.ofDays(1)) > 0) {
            yaml.problem(node, "bad cache '" + text + "': expected a duration up to 1d, as 30s (0s: every request asks the database)");
            return UserSource.DEFAULT_CACHE;
        }
        return cache.get();
    }

    private UserQueries missingQueries(Node users) {
        yaml.problem(users, "schema: custom needs 'queries' with by_username and by_id");
        return null;
    }

    private UserQueries queries(Node node) {
        Map<String, Node> values = yaml.mapping(node, "queries", QUERIES);
        NamedQuery byUsername = query(values, "by_username", "username", node);
        NamedQuery byId = query(values, "by_id", "id", node);
        NamedQuery byToken = values.containsKey("by_token") ? query(values, "by_token", "key", node) : null;
        return new UserQueries(byUsername, byId, byToken);
    }

    /** A query whose every parameter is {@code :expected}, at least one: nothing else could be bound. */
    private NamedQuery query(Map<String, Node> values, String key, String expected, Node owner) {
        Node node = yaml.required(values, key, owner, "queries");
        String text = node == null ? null : yaml.string(node, key);
        if (text == null) {
            return null;
        }
        NamedQuery query = NamedQuery.parse(text);
        int other = query.firstOtherThan(expected);
        if (other >= 0) {
            yaml.problem(node, other, key + ": unknown parameter '" + query.sql().substring(other).split("[^:\\w]")[0]
                    + "': this query is given only :" + expected);
        } else if (query.parameters().isEmpty()) {
            yaml.problem(node, key + ": the query must use the parameter :" + expected
                    + " (values are bound, never written into the SQL)");
        }
        return query;
    }
}
