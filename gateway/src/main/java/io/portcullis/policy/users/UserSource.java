package io.portcullis.policy.users;

/**
 * Where users come from ({@code users:} in policy.yaml; DESIGN.md "User store in a database"). {@link #YAML}: users.yaml
 * alone, the default. {@code SQL}: a database, read only, each looked-up user reused for {@code cache}; api_keys stay
 * in users.yaml. {@code url} is resolved from the environment variable {@code urlEnv} when the policy loads.
 */
public record UserSource(Kind kind, String urlEnv, DatabaseUrl url, Schema schema, java.time.Duration cache,
                         UserQueries queries) {

    public enum Kind { YAML, SQL }

    public enum Schema { DJANGO, CUSTOM }

    public static final java.time.Duration DEFAULT_CACHE = java.time.Duration.ofSeconds(30);
    public static final UserSource YAML = new UserSource(Kind.YAML, null, null, null, DEFAULT_CACHE, null);

    public boolean sql() {
        return kind == Kind.SQL;
    }
}
