package io.portcullis.gateway.console;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The host names the console answers to. The management port listens on the loopback address, but a web page the
 * operator opens can point a name of its own at 127.0.0.1 (DNS rebinding) and read the console through the
 * operator's browser; such a request names that page's host. So only IP literals, {@code localhost} and the names
 * configured in {@code portcullis.console.hosts} are answered.
 */
final class ConsoleHosts {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;

    ConsoleHosts(Set<String> names) {
        this.names = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code host}: the request's Host without its port (an IPv6 literal in brackets); null when it had none. */
    boolean allowed(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("[") || IPV4.matcher(name).matches() || names.contains(name);
    }
}
