package io.portcullis.policy.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code REDIS_URL} parsed once (DESIGN.md "Redis deployments"): one server ({@code redis://[user:password@]host:port/db},
 * {@code rediss://} for TLS), a Redis Cluster ({@code redis+cluster://[user:password@]h1:p1,h2:p2}, {@code rediss+cluster://})
 * or a Sentinel group ({@code redis+sentinel://[user:password@]h1:26379,h2:26379/db?master=NAME}). User and password
 * (Redis 6 ACLs; percent-encoded) are the data nodes' credentials. {@link #toString()} and every error leave the
 * password out.
 */
public record RedisUrl(Topology topology, boolean tls, String username, String password, List<Node> nodes,
                       int database, String master) {

    /** How the gateway reaches its data: one server, a cluster's seed nodes, or the sentinels that know the master. */
    public enum Topology { STANDALONE, CLUSTER, SENTINEL }

    /** One {@code host:port} of the URL. */
    public record Node(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    private static final String SHAPES = "expected redis://[user:password@]host:port/db, rediss://..., "
            + "redis+cluster://[user:password@]host1:port1,host2:port2 (or rediss+cluster://), or "
            + "redis+sentinel://[user:password@]host1:26379,host2:26379/db?master=NAME";

    public RedisUrl {
        nodes = List.copyOf(nodes);
    }

    /** Parses {@code url}, or throws a {@link RedisSettingException} saying which part is wrong. */
    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw RedisSettingException.url("empty; " + SHAPES);
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw RedisSettingException.url("no scheme; " + SHAPES);
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Topology topology = switch (scheme) {
            case "redis", "rediss" -> Topology.STANDALONE;
            case "redis+cluster", "rediss+cluster" -> Topology.CLUSTER;
            case "redis+sentinel" -> Topology.SENTINEL;
            default -> throw RedisSettingException.url("unknown scheme '" + scheme + "'; " + SHAPES);
        };
        boolean tls = scheme.startsWith("rediss");
        String rest = url.substring(schemeEnd + 3);
        // A password with a raw '/', '?' or '#' could end up read as a host or port: with credentials in the URL, no
        // error quotes any part of it.
        boolean quote = rest.indexOf('@') < 0;
        int authorityEnd = firstOf(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        String tail = rest.substring(authorityEnd);
        String username = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw RedisSettingException.url("credentials must be user:password (or :password for the default user)");
            }
            username = colon == 0 ? null : decode(userInfo.substring(0, colon), "user");
            password = decode(userInfo.substring(colon + 1), "password");
            if (password.isEmpty()) {
                throw RedisSettingException.url("empty password");
            }
        }
        List<Node> nodes = nodes(authority, topology == Topology.SENTINEL ? 26379 : 6379, quote);
        if (topology == Topology.STANDALONE && nodes.size() != 1) {
            throw RedisSettingException.url(scheme + ":// names one server, got " + nodes.size()
                    + " (a cluster is redis+cluster://, a Sentinel group redis+sentinel://)");
        }
        int query = tail.indexOf('?');
        String path = query < 0 ? tail : tail.substring(0, query);
        int database = database(path, topology, quote);
        String master = master(query < 0 ? "" : tail.substring(query + 1), topology, quote);
        return new RedisUrl(topology, tls, username, password, nodes, database, master);
    }

    /** How logs and health name the deployment: its nodes (and master name), never credentials. */
    public String address() {
        String hosts = nodes.stream().map(Node::toString).collect(Collectors.joining(","));
        return switch (topology) {
            case STANDALONE -> hosts;
            case CLUSTER -> "cluster " + hosts;
            case SENTINEL -> "sentinel master " + master + " via " + hosts;
        };
    }

    @Override
    public String toString() {
        return "RedisUrl[" + address() + (tls ? ", tls" : "") + (username != null ? ", user " + username : "")
                + (password != null ? ", password ***" : "") + ", db " + database + "]";
    }

    private static List<Node> nodes(String authority, int defaultPort, boolean quote) {
        if (authority.isEmpty()) {
            throw RedisSettingException.url("no host; " + SHAPES);
        }
        List<Node> nodes = new ArrayList<>();
        for (String part : authority.split(",", -1)) {
            nodes.add(node(part, defaultPort, quote));
        }
        return nodes;
    }

    private static Node node(String part, int defaultPort, boolean quote) {
        String host = part;
        String port = null;
        if (part.startsWith("[")) {
            int close = part.indexOf(']');
            if (close < 0 || (close + 1 < part.length() && part.charAt(close + 1) != ':')) {
                throw RedisSettingException.url("malformed IPv6 host" + quoted(part, quote));
            }
            host = part.substring(1, close);
            port = close + 1 < part.length() ? part.substring(close + 2) : null;
        } else if (part.indexOf(':') >= 0) {
            host = part.substring(0, part.indexOf(':'));
            port = part.substring(part.indexOf(':') + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw RedisSettingException.url("malformed host" + quoted(host, quote) + " (hosts are separated by commas)");
        }
        return new Node(host, port == null ? defaultPort : number(port, "port", 1, 65535, quote));
    }

    private static int database(String path, Topology topology, boolean quote) {
        if (path.isEmpty() || path.equals("/")) {
            return 0;
        }
        int database = number(path.substring(1), "database", 0, Integer.MAX_VALUE, quote);
        if (topology == Topology.CLUSTER && database != 0) {
            throw RedisSettingException.url("a Redis Cluster has only database 0, got /" + database);
        }
        return database;
    }

    private static String master(String query, Topology topology, boolean quote) {
        String master = null;
        for (String parameter : query.isEmpty() ? new String[0] : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!name.equals("master") || topology != Topology.SENTINEL) {
                throw RedisSettingException.url("unknown parameter" + quoted(name, quote)
                        + (topology == Topology.SENTINEL ? " (only master=NAME)" : " (only redis+sentinel:// takes ?master=NAME)"));
            }
            master = decode(parameter.substring(equals + 1), "master");
        }
        if (topology == Topology.SENTINEL && (master == null || master.isEmpty())) {
            throw RedisSettingException.url("redis+sentinel:// needs ?master=NAME (the name the sentinels monitor)");
        }
        return master;
    }

    private static int number(String text, String what, int min, int max, boolean quote) {
        if (!text.matches("[0-9]{1,10}") || Long.parseLong(text) < min || Long.parseLong(text) > max) {
            throw RedisSettingException.url("malformed " + what + quoted(text, quote) + " (" + min + " to " + max + ")");
        }
        return Integer.parseInt(text);
    }

    private static String quoted(String text, boolean quote) {
        return quote ? " '" + text + "'" : "";
    }

    /** Percent-decodes; a malformed escape is named by the part it is in, never shown (it may be a password). */
    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RedisSettingException.url("malformed percent-encoding in the " + what);
        }
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
