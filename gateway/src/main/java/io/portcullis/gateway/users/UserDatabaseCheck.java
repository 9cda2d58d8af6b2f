package io.portcullis.gateway.users;

import io.portcullis.policy.users.NamedQuery;
import io.portcullis.policy.users.UserSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code check} says of a user database: reachable or not, its tables present or missing, users counted (Django)
 * or queries that run (custom). Blocking, for the CLI only; every step within {@code timeout}.
 */
public final class UserDatabaseCheck {

    /** The tables {@code schema: django} reads; authtoken_token only where the app uses DRF's tokens. */
    private static final List<String> DJANGO_TABLES = List.of("auth_user", "auth_group", "auth_user_groups");
    private static final String DRF_TOKENS = "authtoken_token";

    /** {@code ok}: the gateway can serve from this database; {@code lines}: what was found, one fact a line. */
    public record Report(boolean ok, List<String> lines) {
    }

    private UserDatabaseCheck() {
    }

    public static Report run(UserSource source, Duration timeout) {
        List<String> lines = new ArrayList<>();
        String where = "users: " + source.url();
        SqlUserStore store = SqlConnections.store(source, timeout);
        ConnectionPool pool = store.pool();
        try {
            try {
                pool.create().flatMap(connection -> reactor.core.publisher.Mono.from(connection.close()).thenReturn(true))
                        .block(timeout.plusSeconds(1));
            } catch (RuntimeException e) {
                lines.add(where + ": database unreachable (" + reason(e) + ")");
                return new Report(false, lines);
            }
            return source.schema() == UserSource.Schema.DJANGO ? django(store, where, lines, timeout) : custom(store, source, where, lines, timeout);
        } finally {
            pool.dispose();
        }
    }

    private static Report django(SqlUserStore store, String where, List<String> lines, Duration timeout) {
        List<String> missing = new ArrayList<>();
        long users = -1;
        for (String table : DJANGO_TABLES) {
            Long count = count(store, table, timeout);
            if (count == null) {
                missing.add(table);
            } else if (table.equals("auth_user")) {
                users = count;
            }
        }
        if (!missing.isEmpty()) {
            lines.add(where + ": tables missing: " + String.join(", ", missing)
                    + " (is this the Django app's database, migrated with manage.py migrate?)");
            return new Report(false, lines);
        }
        Long tokens = count(store, DRF_TOKENS, timeout);
        lines.add(where + ": " + users + " users (schema django)"
                + (tokens == null ? "; no " + DRF_TOKENS + " table: DRF tokens are not accepted" : ", " + tokens + " DRF tokens"));
        return new Report(true, lines);
    }

    /** Table names here are this class's constants, never input. */
    private static Long count(SqlUserStore store, String table, Duration timeout) {
        try {
            List<Map<String, Object>> rows = store.rows("SELECT COUNT(*) AS n FROM " + table, 0, null).block(timeout.plusSeconds(1));
            Object n = rows == null || rows.isEmpty() ? null : rows.get(0).get("n");
            return n instanceof Number number ? number.longValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Report custom(SqlUserStore store, UserSource source, String where, List<String> lines, Duration timeout) {
        List<String> failed = new ArrayList<>();
        Map<String, NamedQuery> queries = new java.util.LinkedHashMap<>();
        queries.put("by_username", source.queries().byUsername());
        queries.put("by_id", source.queries().byId());
        if (source.queries().byToken() != null) {
            queries.put("by_token", source.queries().byToken());
        }
        queries.forEach((name, query) -> {
            try {
                // a value no user has: proves the query runs, reads nothing
                store.rows(query.positional(store.dialect()), query.parameters().size(), "\u0000portcullis-check")
                        .block(timeout.plusSeconds(1));
            } catch (RuntimeException e) {
                failed.add(name + " (" + reason(e) + ")");
            }
        });
        if (!failed.isEmpty()) {
            lines.add(where + ": queries fail: " + String.join(", ", failed));
            return new Report(false, lines);
        }
        lines.add(where + ": queries " + String.join(", ", queries.keySet()) + " run (schema custom)");
        return new Report(true, lines);
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof R2dbcException)) {
            cause = cause.getCause();
        }
        if (cause instanceof R2dbcBadGrammarException grammar) {
            return "SQL error " + grammar.getSqlState() + ": " + grammar.getMessage();
        }
        return cause.getClass().getSimpleName();
    }
}
