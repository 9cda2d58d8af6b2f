package io.portcullis.gateway.users;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.users.UserSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * The user store of a policy snapshot: users.yaml's, or the database's (behind its cache) when {@code users.source: sql}.
 * The database store is built once per {@code users:} setting and kept across reloads that leave it unchanged; a
 * changed setting gets a new pool, and the old one is closed once requests still using it had time to finish.
 */
public final class UserStores implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UserStores.class);
    private static final Duration RETIRE_AFTER = Duration.ofSeconds(30);
    /** Not Reactor's parallel scheduler: a retirement is no event loop's business. */
    private static final Scheduler RETIRING = Schedulers.boundedElastic();

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
        if (!snapshot.policy().users().sql()) {
            retire(); // back to users.yaml: the database's pool is no longer needed
        }
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
            // the first connection is made now, not by the first login (a database down now is no reason to fail)
            store.pool().warmup().subscribe(connections -> { }, failure -> log.warn(
                    "user database not reachable yet ({}): logins will answer 503 until it is", failure.getClass().getSimpleName()));
            Sql next = new Sql(source, store, source.cache().isZero() ? store : new CachedUserStore(store, source.cache()));
            retire();
            sql = next;
            return next.cached();
        }
    }

    /** Closes the current database pool once requests still using it had time to finish. */
    private synchronized void retire() {
        Sql previous = sql;
        sql = null;
        if (previous != null) {
            previous.store().pool().disposeLater().delaySubscription(RETIRE_AFTER, RETIRING).subscribe();
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
