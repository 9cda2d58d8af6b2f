package io.portcullis.gateway.users;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.users.UserSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The user store of a policy snapshot: users.yaml's, or the database's (behind its cache) when {@code users.source: sql}.
 * The database store is built once per {@code users:} setting and kept across reloads that leave it unchanged; a
 * changed setting gets a new pool, and the old one is closed once requests still using it had time to finish.
 */
public final class UserStores implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UserStores.class);
    private static final Duration RETIRE_AFTER = Duration.ofSeconds(30);

    private record Sql(UserSource source, SqlUserStore store, UserStore cached) {
    }

    private record Yaml(Users users, UserStore store) {
    }

    private final Duration queryTimeout;
    private volatile Yaml yaml = new Yaml(Users.NONE, new YamlUserStore(Users.NONE));
    private volatile Sql sql;

    public UserStores(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    /** Stores for users.yaml alone (the CLI, tests of one scheme). */
    public static UserStores yamlOnly() {
        return new UserStores(Duration.ofSeconds(2));
    }

    /**
     * Builds the store {@code snapshot} needs before it serves (at start-up and on the reload thread): connection
     * factories and the log line are no work for an event loop. {@link #of} builds it too, should a snapshot be served
     * unprepared.
     */
    public void prepare(PolicySnapshot snapshot) {
        of(snapshot);
    }

    /** The store of {@code snapshot}'s users; cheap and non-blocking once prepared. */
    public UserStore of(PolicySnapshot snapshot) {
        UserSource source = snapshot.policy().users();
        return source.sql() ? sql(source) : yaml(snapshot.users());
    }

    private UserStore yaml(Users users) {
        Yaml current = yaml;
        if (current.users() != users) {
            current = new Yaml(users, new YamlUserStore(users));
            yaml = current;
        }
        return current.store();
    }

    private UserStore sql(UserSource source) {
        Sql current = sql;
        if (current != null && current.source().equals(source)) {
            return current.cached();
        }
        synchronized (this) {
            if (sql != null && sql.source().equals(source)) {
                return sql.cached();
            }
            SqlUserStore store = SqlConnections.store(source, queryTimeout);
            log.info("users from {} (schema {}, cache {})", source.url(), source.schema().name().toLowerCase(), source.cache());
            Sql next = new Sql(source, store, source.cache().isZero() ? store : new CachedUserStore(store, source.cache()));
            Sql previous = sql;
            sql = next;
            if (previous != null) {
                previous.store().pool().disposeLater().delaySubscription(RETIRE_AFTER).subscribe();
            }
            return next.cached();
        }
    }

    /** Statements sent to the user database so far by the current store (0 with users.yaml). */
    public long databaseQueries() {
        Sql current = sql;
        return current == null ? 0 : current.store().queriesSent();
    }

    @Override
    public void close() {
        Sql current = sql;
        if (current != null) {
            current.store().pool().dispose();
        }
    }
}
