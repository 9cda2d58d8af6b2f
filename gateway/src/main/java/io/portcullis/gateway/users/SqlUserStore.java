package io.portcullis.gateway.users;

import io.portcullis.gateway.tokens.StoreUnavailableException;
import io.portcullis.policy.model.User;
import io.portcullis.policy.users.DatabaseUrl;
import io.portcullis.policy.users.NamedQuery;
import io.portcullis.policy.users.UserQueries;
import io.portcullis.policy.users.UserRows;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.ReadableMetadata;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users read from a SQL database over R2DBC (non-blocking) through a bounded pool. Read only: every statement is a
 * SELECT with bound parameters. Each look-up has a deadline; a failure or a timeout is
 * {@link StoreUnavailableException} (503 store_unavailable), never "no such user".
 */
final class SqlUserStore implements UserStore {

    /**
     * The look-up deadlines' timer: a thread of its own, as the web server's loops must not wait on it and Reactor's
     * parallel workers are better left to Reactor.
     */
    private static final Scheduler TIMER = Schedulers.fromExecutorService(Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "user-store-timer");
        thread.setDaemon(true);
        return thread;
    }), "user-store-timer");

    private final ConnectionPool pool;
    private final DatabaseUrl.Dialect dialect;
    private final Query byUsername;
    private final Query byId;
    private final Query byToken;
    private final Duration timeout;
    private final PasswordFormat passwordFormat;
    private final AtomicLong queries = new AtomicLong();

    /** One query in the driver's placeholder syntax, and whether its value is Django's integer id. */
    private record Query(String sql, int parameters, boolean numeric) {
        static Query of(NamedQuery query, DatabaseUrl.Dialect dialect, boolean numeric) {
            return query == null ? null : new Query(query.positional(dialect), query.parameters().size(), numeric);
        }
    }

    SqlUserStore(ConnectionPool pool, DatabaseUrl.Dialect dialect, UserQueries queries, boolean djangoIds,
                 Duration timeout) {
        this.pool = pool;
        this.dialect = dialect;
        this.byUsername = Query.of(queries.byUsername(), dialect, false);
        this.byId = Query.of(queries.byId(), dialect, djangoIds);
        this.byToken = Query.of(queries.byToken(), dialect, false);
        this.timeout = timeout;
        this.passwordFormat = PasswordFormat.DJANGO;
    }

    @Override
    public Mono<User> byUsername(String username) {
        return find(byUsername, username);
    }

    @Override
    public Mono<User> byId(String id) {
        return find(byId, id);
    }

    /** A database without DRF's authtoken table (an app that never used its tokens) keeps no tokens: empty. */
    @Override
    public Mono<User> byToken(String key) {
        return find(byToken, key).onErrorResume(error -> error.getCause() instanceof R2dbcBadGrammarException,
                error -> Mono.empty());
    }

    @Override
    public PasswordFormat passwordFormat() {
        return passwordFormat;
    }

    /** Statements sent so far (tests prove a warm cache sends none). */
    long queriesSent() {
        return queries.get();
    }

    ConnectionPool pool() {
        return pool;
    }

    DatabaseUrl.Dialect dialect() {
        return dialect;
    }

    private Mono<User> find(Query query, String value) {
        if (query == null) {
            return Mono.empty();
        }
        Object bound = value;
        if (query.numeric()) {
            // Django's ids are integers: a subject that is not one names no user, and is never sent
            try {
                bound = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Mono.empty();
            }
        }
        Object parameter = bound;
        return rows(query.sql(), query.parameters(), parameter)
                .flatMap(rows -> Mono.justOrEmpty(UserRows.toUser(rows)));
    }

    /** The rows of one statement, each column (lower case) to its value, within the deadline. */
    Mono<List<Map<String, Object>>> rows(String sql, int parameters, Object value) {
        return Mono.usingWhen(pool.create(), connection -> {
                    queries.incrementAndGet();
                    Statement statement = connection.createStatement(sql);
                    for (int i = 0; i < parameters; i++) {
                        statement.bind(i, value);
                    }
                    return Flux.from(statement.execute()).concatMap(SqlUserStore::rowsOf).collectList();
                }, Connection::close)
                .timeout(timeout, TIMER)
                .onErrorMap(error -> new StoreUnavailableException("user store look-up", error));
    }

    private static Flux<Map<String, Object>> rowsOf(Result result) {
        return Flux.from(result.map((Row row, RowMetadata metadata) -> {
            Map<String, Object> columns = new LinkedHashMap<>();
            List<? extends ReadableMetadata> all = metadata.getColumnMetadatas();
            for (int i = 0; i < all.size(); i++) {
                columns.put(all.get(i).getName().toLowerCase(Locale.ROOT), row.get(i));
            }
            return columns;
        }));
    }
}
