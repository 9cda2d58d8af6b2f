package io.portcullis.gateway.users;

import io.portcullis.policy.users.DatabaseUrl;
import io.portcullis.policy.users.UserSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import org.mariadb.r2dbc.MariadbConnectionConfiguration;
import org.mariadb.r2dbc.MariadbConnectionFactory;

import java.time.Duration;

/** R2DBC connection factories and the bounded pool for a user database URL. */
final class SqlConnections {

    /** At most this many connections to the user database per gateway: look-ups are short, the cache takes the rest. */
    static final int MAX_CONNECTIONS = 10;

    private SqlConnections() {
    }

    static SqlUserStore store(UserSource source, Duration timeout) {
        return new SqlUserStore(pool(source.url(), timeout), source.url().dialect(), source.queries(),
                source.schema() == UserSource.Schema.DJANGO, timeout);
    }

    static ConnectionPool pool(DatabaseUrl url, Duration timeout) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory(url, timeout))
                .name("portcullis-users")
                .initialSize(1)
                .maxSize(MAX_CONNECTIONS)
                // no pool-level deadlines or background eviction: their timers would run on Reactor's parallel
                // scheduler; each look-up's own deadline (SqlUserStore) covers acquiring a connection too
                .maxIdleTime(Duration.ofMinutes(5))
                .backgroundEvictionInterval(Duration.ZERO)
                // a connection the database dropped (restart, outage) is noticed before use, not by a failed look-up
                .validationDepth(ValidationDepth.LOCAL)
                .build());
    }

    private static ConnectionFactory factory(DatabaseUrl url, Duration timeout) {
        return switch (url.dialect()) {
            case POSTGRES -> new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(url.host()).port(url.port()).database(url.database())
                    .username(url.username() == null ? "postgres" : url.username())
                    .password(url.password())
                    .applicationName("portcullis")
                    // extensions are found with ServiceLoader (jar reads) on each connection, on an event loop: none needed
                    .autodetectExtensions(false)
                    .connectTimeout(timeout)
                    .statementTimeout(timeout)
                    .build());
            case MYSQL -> new MariadbConnectionFactory(MariadbConnectionConfiguration.builder()
                    .host(url.host()).port(url.port()).database(url.database())
                    .username(url.username() == null ? "root" : url.username())
                    .password(url.password())
                    .connectTimeout(timeout)
                    .build());
        };
    }
}
