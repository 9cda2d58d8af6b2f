package io.portcullis.gateway.identity;

import io.portcullis.gateway.tokens.BrowserCookies;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.IdentitySettings;
import org.springframework.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The headers an upstream receives: the client's, less anything that could pass for identity or change what was
 * checked, plus the gateway's {@code X-Auth-*} (DESIGN.md "Identity forwarded upstream"). Pure.
 */
public final class IdentityHeaders {

    /**
     * Removed whatever their case, with {@code _} and {@code .} read as {@code -} (CGI, WSGI and PHP do).
     * {@code Proxy-Connection} is a hop-by-hop header that old clients send instead of {@code Connection} (RFC 9112
     * section 9.6 says not to send it); Spring Cloud Gateway's hop-by-hop filter does not list it.
     */
    static final Set<String> STRIPPED = Set.of("x-api-key", "proxy-authorization", "proxy-connection",
            "x-http-method-override", "x-http-method", "x-method-override", "x-original-url", "x-rewrite-url");

    /**
     * Hop-by-hop headers besides {@code Connection} and what it names (RFC 9110 section 7.6.1): the gateway frames
     * what it forwards, each way, itself.
     */
    public static final Set<String> HOP_BY_HOP = Set.of("keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
            "proxy-authenticate", "x-application-context");

    /** Claim name → header word, computed once per claim name rather than split by a regex on every request. */
    private static final Map<String, String> HEADER_WORDS = new ConcurrentHashMap<>();

    private IdentityHeaders() {
    }

    /** The headers to forward for {@code incoming}; {@code incoming} is left as it is. */
    public static HttpHeaders rewrite(HttpHeaders incoming, Identity identity, IdentitySettings settings) {
        HttpHeaders upstream = HttpHeaders.copyOf(incoming);
        rewriteInPlace(upstream, identity, settings);
        return upstream;
    }

    /**
     * {@link #rewrite} applied to {@code headers} itself: a request builder's writable copy, so forwarding a request
     * copies its headers once rather than three times.
     */
    public static void rewriteInPlace(HttpHeaders headers, Identity identity, IdentitySettings settings) {
        String prefix = canonical(settings.headerPrefix());
        Set<String> connectionNamed = connectionTokens(headers.getValuesAsList(HttpHeaders.CONNECTION));
        List<String> dropped = new ArrayList<>();
        List<String> cookieNames = new ArrayList<>(1);
        headers.forEach((name, values) -> {
            String canonical = canonical(name);
            boolean drop = canonical.startsWith(prefix)
                    || STRIPPED.contains(canonical)
                    || HOP_BY_HOP.contains(canonical)
                    // no Forwarded or X-Forwarded-* is added by the gateway; a client's would pass for a trusted proxy's
                    || canonical.equals("forwarded") || canonical.startsWith("x-forwarded-")
                    || (canonical.equals("authorization") && !settings.forwardAuthorization())
                    // RFC 9110 section 7.6.1: the client's Connection header and what it names end at this hop, here,
                    // before the gateway adds its own headers, so it can never remove or alter them.
                    || canonical.equals("connection")
                    || connectionNamed.contains(name.toLowerCase(Locale.ROOT));
            if (drop) {
                dropped.add(name);
            } else if (canonical.equals("cookie")) {
                cookieNames.add(name);
            }
        });
        dropped.forEach(headers::remove);
        for (String name : cookieNames) {
            // the field values as received: getValuesAsList would split "Wed, 21 Oct 2015 ..." at its comma
            List<String> kept = withoutGatewayCookies(headers.get(name));
            if (kept.isEmpty()) {
                headers.remove(name);
            } else {
                headers.put(name, kept);
            }
        }
        addIdentity(headers, identity, settings);
    }

    private static void addIdentity(HttpHeaders upstream, Identity identity, IdentitySettings settings) {
        String prefix = settings.headerPrefix();
        if (identity.authenticated()) {
            upstream.set(prefix + "User-Id", safe(identity.userId()));
            upstream.set(prefix + "Username", safe(identity.username()));
            upstream.set(prefix + "Roles", safe(String.join(",", identity.roles())));
        }
        upstream.set(prefix + "Admin", Boolean.toString(identity.authenticated() && identity.admin()));
        upstream.set(prefix + "Scheme", identity.scheme());
        if (identity.authenticated() && identity.issuer() != null) {
            upstream.set(prefix + "Issuer", identity.issuer());
        }
        for (String claim : settings.forwardClaims()) {
            String value = identity.claims().get(claim);
            if (value != null) {
                upstream.set(prefix + "Claim-" + HEADER_WORDS.computeIfAbsent(claim, IdentityHeaders::headerWord), safe(value));
            }
        }
    }

    /** DESIGN.md "Browser clients": the gateway's own cookies are removed from the Cookie header forwarded upstream. */
    static List<String> withoutGatewayCookies(List<String> values) {
        List<String> kept = new ArrayList<>();
        for (String value : values) {
            String rest = Arrays.stream(value.split(";"))
                    .map(String::strip)
                    .filter(pair -> !pair.isEmpty() && !BrowserCookies.NAMES.contains(pair.split("=", 2)[0].strip()))
                    .collect(Collectors.joining("; "));
            if (!rest.isEmpty()) {
                kept.add(rest);
            }
        }
        return kept;
    }

    /** The header names a {@code Connection} header's values list, lower-cased: they end at this hop too. */
    public static Set<String> connectionTokens(List<String> values) {
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new HashSet<>();
        for (String value : values) {
            for (String token : value.split(",")) {
                tokens.add(token.strip().toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }

    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    }

    /** {@code org} → {@code Org}, {@code tenant_id} → {@code Tenant-Id}. */
    static String headerWord(String claim) {
        StringBuilder word = new StringBuilder();
        for (String part : claim.split("[_-]")) {
            if (!part.isEmpty()) {
                word.append(word.isEmpty() ? "" : "-").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return word.toString();
    }

    /** users.yaml values are trusted but must never split a header: control characters are dropped. */
    private static String safe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return value.replaceAll("\\p{Cntrl}", "");
            }
        }
        return value;
    }
}
