package io.portcullis.gateway.throttle;

import io.portcullis.policy.rate.ClientAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The client IP of a request by DESIGN.md's rule (see {@link ClientAddress}): the socket peer, or with
 * {@code num_proxies: k > 0} the k-th address from the right of {@code X-Forwarded-For}. {@code X-Real-IP} and
 * {@code Forwarded} are never read, and the web server is configured not to rewrite the peer from headers
 * ({@code server.forward-headers-strategy: none}).
 */
public final class ClientIps {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private ClientIps() {
    }

    /** The client IP as text ({@code 203.0.113.7}, {@code 2001:db8::1}), or {@code unknown} without a peer. */
    public static String of(ServerHttpRequest request, int numProxies) {
        return address(request, numProxies).map(ClientAddress::toString).orElse(ClientAddress.UNKNOWN);
    }

    /** {@link #of(ServerHttpRequest, int)} for an exchange. */
    public static String of(ServerWebExchange exchange, int numProxies) {
        return of(exchange.getRequest(), numProxies);
    }

    /** The throttle key of the client: its IP, or its /64 for IPv6 ({@link ClientAddress#ident()}). */
    public static String ident(ServerHttpRequest request, int numProxies) {
        return address(request, numProxies).map(ClientAddress::ident).orElse(ClientAddress.UNKNOWN);
    }

    /** The throttle key for a client IP given as text (as {@link #of} returns it); {@code unknown} if not an IP. */
    public static String ident(String clientIp) {
        return ClientAddress.parse(clientIp).map(ClientAddress::ident).orElse(ClientAddress.UNKNOWN);
    }

    static Optional<ClientAddress> address(ServerHttpRequest request, int numProxies) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        List<String> forwardedFor = request.getHeaders().get(X_FORWARDED_FOR);
        return ClientAddress.resolve(peer, forwardedFor, numProxies);
    }
}
