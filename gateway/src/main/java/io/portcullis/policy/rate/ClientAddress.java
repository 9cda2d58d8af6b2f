package io.portcullis.policy.rate;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client's IP address as DRF's {@code get_ident} with {@code NUM_PROXIES} finds it (DESIGN.md "Throttle scopes"):
 * the socket peer, or with {@code num_proxies: k > 0} the k-th address from the right of {@code X-Forwarded-For}
 * (the leftmost when there are fewer). No other header is ever read, so a client cannot choose its own key unless a
 * trusted proxy vouches for it. Only IP literals are accepted: nothing here resolves a name.
 */
public record ClientAddress(InetAddress address) {

    /** The key of a request whose peer address is unknown (never a real address). */
    public static final String UNKNOWN = "unknown";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](:\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    /**
     * The client of a request that arrived from {@code peer} (null when unknown) carrying the
     * {@code X-Forwarded-For} header lines {@code forwardedFor} (read as one comma-separated list, RFC 9110).
     * An entry that is not an IP literal is not trusted: the peer is used instead.
     */
    public static Optional<ClientAddress> resolve(InetAddress peer, List<String> forwardedFor, int numProxies) {
        Optional<ClientAddress> socket = Optional.ofNullable(peer).map(ClientAddress::new);
        if (numProxies <= 0 || forwardedFor == null || forwardedFor.isEmpty()) {
            return socket;
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",", -1)) {
                hops.add(hop.trim());
            }
        }
        String chosen = hops.get(hops.size() - Math.min(numProxies, hops.size()));
        return parse(chosen).or(() -> socket);
    }

    /** An IP literal ({@code 203.0.113.7}, {@code 2001:db8::1}, with or without brackets and port), or empty. */
    public static Optional<ClientAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        var withPort = IPV4_WITH_PORT.matcher(text);
        var bracketed = BRACKETED.matcher(text);
        String literal;
        if (IPV4.matcher(text).matches()) {
            return ipv4(text);
        } else if (withPort.matches()) {
            return ipv4(withPort.group(1));
        } else if (bracketed.matches()) {
            literal = "[" + bracketed.group(1) + "]";
        } else if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
            literal = "[" + text + "]";
        } else {
            return Optional.empty();
        }
        try {
            // Only literals reach here; brackets make the JDK refuse a bad IPv6 literal instead of looking it up.
            return Optional.of(new ClientAddress(InetAddress.getByName(literal)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<ClientAddress> ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        try {
            return Optional.of(new ClientAddress(InetAddress.getByAddress(bytes)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The throttle key for this client: the address, except that an IPv6 client is keyed by its /64 (one
     * subscriber's allocation, so rotating addresses inside it gains nothing). IPv4-mapped IPv6 is read as IPv4.
     */
    public String ident() {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            for (int i = 8; i < 16; i++) {
                bytes[i] = 0;
            }
            try {
                return compress(InetAddress.getByAddress(bytes).getHostAddress()) + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address.getHostAddress();
    }

    @Override
    public String toString() {
        return address instanceof Inet4Address ? address.getHostAddress() : compress(address.getHostAddress());
    }

    /** RFC 5952 form of the JDK's full IPv6 text: the longest run of zero groups becomes {@code ::}. */
    static String compress(String full) {
        int percent = full.indexOf('%');
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
        }
        return text.toString();
    }
}
