package io.portcullis.policy.users;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the user database is: {@code postgres://user:password@host:5432/db} or {@code mysql://user:password@host:3306/db}
 * (MariaDB or MySQL). The password never appears in {@link #toString()}.
 */
public record DatabaseUrl(Dialect dialect, String host, int port, String database, String username, String password) {

    public enum Dialect { POSTGRES, MYSQL }

    /** The URL, or empty when it is not one of the two forms; {@link #rule()} says what is expected. */
    public static Optional<DatabaseUrl> parse(String text) {
        try {
            URI uri = new URI(text.strip());
            Dialect dialect = dialect(uri.getScheme());
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (dialect == null || uri.getHost() == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
                return Optional.empty();
            }
            String userInfo = uri.getRawUserInfo();
            String username = null;
            String password = null;
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            int port = uri.getPort() > 0 ? uri.getPort() : dialect == Dialect.POSTGRES ? 5432 : 3306;
            return Optional.of(new DatabaseUrl(dialect, uri.getHost(), port, decode(path.substring(1)), username, password));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String rule() {
        return "expected postgres://user:password@host:5432/db or mysql://user:password@host:3306/db (MariaDB, MySQL)";
    }

    private static Dialect dialect(String scheme) {
        if (scheme == null) {
            return null;
        }
        return switch (scheme) {
            case "postgres", "postgresql" -> Dialect.POSTGRES;
            case "mysql", "mariadb" -> Dialect.MYSQL;
            default -> null;
        };
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The scheme of a text that did not parse, for messages that must not echo a password. */
    public static String schemeOf(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? "no scheme" : "'" + text.substring(0, Math.min(colon, 20)) + "://'";
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return dialect.name().toLowerCase(java.util.Locale.ROOT) + "://" + (username == null ? "" : username + "@")
                + host + ":" + port + "/" + database;
    }
}
