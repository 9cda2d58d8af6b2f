package io.portcullis.gateway.issuers;

import io.jsonwebtoken.io.DeserializationException;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Gets one issuer's JWKS document over HTTP, without blocking: from its {@code jwks_url}, or from the {@code jwks_uri}
 * of its OpenID Connect discovery document (remembered until a fetch from it fails, then discovered again). Only a
 * {@code 200} whose body is a JSON object within the size limit counts; redirects are not followed, so the keys only
 * ever come from the URL the policy (or the issuer's own discovery document) names.
 */
final class JwksFetcher {

    private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    private static final JacksonDeserializer<Map<String, ?>> JSON = new JacksonDeserializer<>();

    private final String issuerId;
    private final URI jwksUrl;
    private final String discoveryIssuer;
    private final boolean allowHttp;
    private final JwksLimits limits;
    private final HttpClient client;
    private volatile URI discoveredJwksUri;

    JwksFetcher(String issuerId, URI jwksUrl, URI discoveryIssuer, boolean allowHttp, JwksLimits limits,
                HttpClient client) {
        this.issuerId = issuerId;
        this.jwksUrl = jwksUrl;
        this.discoveryIssuer = discoveryIssuer == null ? null : discoveryIssuer.toString();
        this.allowHttp = allowHttp;
        this.limits = limits;
        this.client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.connectTimeout().toMillis())
                .responseTimeout(limits.responseTimeout())
                .followRedirect(false)
                .headers(headers -> headers.set(HttpHeaderNames.ACCEPT, "application/jwk-set+json, application/json"));
        String refused = schemeProblem(jwksUrl == null ? discoveryUrl() : jwksUrl,
                jwksUrl == null ? "the discovery URL" : "jwks_url");
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
    }

    /** Where the keys come from now: the configured URL, the discovered one, or the discovery document to read. */
    URI source() {
        URI discovered = discoveredJwksUri;
        return jwksUrl != null ? jwksUrl : discovered != null ? discovered : discoveryUrl();
    }

    /**
     * The JWKS document as a JSON object, or an error that is a {@link JwksFetchException}. Subscribed and delivered
     * on a bounded elastic worker: the first https fetch loads the JDK's trust store, and parsing JSON and building
     * keys take CPU, none of which belongs on a caller's event loop or the HTTP client's.
     */
    Mono<Map<String, ?>> fetch() {
        return jwksUri().flatMap(uri -> get(uri).doOnError(e -> discoveredJwksUri = null))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<URI> jwksUri() {
        if (jwksUrl != null) {
            return Mono.just(jwksUrl);
        }
        URI discovered = discoveredJwksUri;
        return discovered != null ? Mono.just(discovered) : get(discoveryUrl()).map(this::jwksUriOf)
                .doOnNext(uri -> discoveredJwksUri = uri);
    }

    /** OpenID Connect Discovery 1.0 section 4: a trailing slash of the issuer is dropped before the path is added. */
    private URI discoveryUrl() {
        String base = discoveryIssuer.endsWith("/") ? discoveryIssuer.substring(0, discoveryIssuer.length() - 1)
                : discoveryIssuer;
        return URI.create(base + DISCOVERY_PATH);
    }

    /** Section 4.3: the document's issuer must be exactly the configured one, else its keys could be anyone's. */
    private URI jwksUriOf(Map<String, ?> discovery) {
        if (!discoveryIssuer.equals(discovery.get("issuer"))) {
            throw new JwksFetchException("the discovery document's issuer is not " + discoveryIssuer);
        }
        if (!(discovery.get("jwks_uri") instanceof String jwksUri)) {
            throw new JwksFetchException("the discovery document has no jwks_uri");
        }
        URI uri;
        try {
            uri = new URI(jwksUri);
        } catch (java.net.URISyntaxException e) {
            throw new JwksFetchException("the discovery document's jwks_uri is not a URL");
        }
        String refused = schemeProblem(uri, "the discovery document's jwks_uri");
        if (refused != null) {
            throw new JwksFetchException(refused);
        }
        return uri;
    }

    /** Why {@code uri} may not be fetched, or null: it must be absolute, and https unless the policy allows http. */
    private String schemeProblem(URI uri, String what) {
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            return what + " is not an absolute http(s) URL";
        }
        if (!allowHttp && !"https".equalsIgnoreCase(scheme)) {
            return what + " needs https (or allow_http: true for issuer " + issuerId + ")";
        }
        return null;
    }

    private Mono<Map<String, ?>> get(URI uri) {
        return client.get().uri(uri).response((response, body) -> {
                    JwksFetchException refused = refusal(uri, response);
                    return refused != null ? Mono.<LimitedBuffer>error(refused)
                            : body.asByteArray().collect(() -> new LimitedBuffer(uri), LimitedBuffer::add);
                })
                .next()
                .timeout(limits.totalTimeout())
                .onErrorMap(e -> !(e instanceof JwksFetchException), e -> failure(uri, e))
                .publishOn(Schedulers.boundedElastic())
                .map(buffer -> json(uri, buffer.bytes()));
    }

    /** Why this answer is refused before its body is read, or null. */
    private JwksFetchException refusal(URI uri, HttpClientResponse response) {
        int status = response.status().code();
        if (status != 200) {
            return new JwksFetchException(uri + " answered " + status
                    + (status / 100 == 3 ? " (redirects are not followed)" : ""));
        }
        long length = response.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
        return length > limits.maxBytes() ? tooLarge(uri) : null;
    }

    private JwksFetchException failure(URI uri, Throwable e) {
        if (e instanceof TimeoutException || e instanceof ReadTimeoutException
                || e instanceof io.netty.channel.ConnectTimeoutException) {
            return new JwksFetchException(uri + " timed out");
        }
        return new JwksFetchException(uri + " could not be fetched (" + e.getClass().getSimpleName() + ")");
    }

    private JwksFetchException tooLarge(URI uri) {
        return new JwksFetchException(uri + " answered more than " + limits.maxBytes() + " bytes");
    }

    /** jjwt's Jackson reader, as for tokens: a duplicate member is refused, never read as its last value. */
    private static Map<String, ?> json(URI uri, byte[] bytes) {
        try (InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            Map<String, ?> document = JSON.deserialize(reader);
            if (document == null) {
                throw new JwksFetchException(uri + " answered no JSON object");
            }
            return document;
        } catch (DeserializationException | java.io.IOException e) {
            throw new JwksFetchException(uri + " answered no JSON object");
        }
    }

    /** The body so far; more than the limit fails the fetch at once instead of reading on. */
    private final class LimitedBuffer {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final URI uri;

        LimitedBuffer(URI uri) {
            this.uri = uri;
        }

        void add(byte[] chunk) {
            if (bytes.size() + chunk.length > limits.maxBytes()) {
                throw tooLarge(uri);
            }
            bytes.writeBytes(chunk);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
