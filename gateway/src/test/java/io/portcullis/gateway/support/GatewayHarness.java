package io.portcullis.gateway.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TokenType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A real WireMock upstream, tokens signed with the test secret, and an HTTP client for the gateway under test. */
public final class GatewayHarness {

    public static final String JWT_SECRET = "test-secret-0123456789-0123456789-abcdef";

    private final WireMockServer upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JwtIssuer issuer = new JwtIssuer(SigningKeys.hmac(JWT_SECRET), Clock.systemUTC());

    public GatewayHarness() {
        upstream.start();
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
    }

    public WireMockServer upstream() {
        return upstream;
    }

    public String upstreamUrl() {
        return "http://127.0.0.1:" + upstream.port();
    }

    public String accessToken(User user) {
        return issuer.issue(user, TokenType.ACCESS, TokenSettings.DEFAULTS);
    }

    public String token(User user, TokenType type, TokenSettings settings) {
        return issuer.issue(user, type, settings);
    }

    /** Sends {@code method path} with headers given as name, value, name, value... */
    public HttpResponse<String> send(int port, String method, String path, String... headers) {
        return sendWithBody(port, method, path, null, headers);
    }

    /** POSTs {@code json} as application/json. */
    public HttpResponse<String> postJson(int port, String path, String json, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return sendWithBody(port, "POST", path, json, all);
    }

    /** Sends {@code method path} with a body (null for none) and headers given as name, value, ... */
    public HttpResponse<String> sendWithBody(int port, String method, String path, String body, String... headers) {
        return exchange(client, URI.create("http://127.0.0.1:" + port + path), method, body, headers);
    }

    /**
     * {@link #sendWithBody} that gives up after {@code within}: a test that the gateway answers without waiting out a
     * longer deadline of its own fails with {@link java.net.http.HttpTimeoutException} (in an UncheckedIOException).
     */
    public HttpResponse<String> sendWithin(Duration within, int port, String method, String path, String body,
                                           String... headers) {
        return exchange(client, URI.create("http://127.0.0.1:" + port + path), method, body, within, headers);
    }

    /** One request with {@code client} (plain or TLS) to {@code uri}; headers as name, value, ... */
    public static HttpResponse<String> exchange(HttpClient client, URI uri, String method, String body, String... headers) {
        return exchange(client, uri, method, body, Duration.ofSeconds(15), headers);
    }

    private static HttpResponse<String> exchange(HttpClient client, URI uri, String method, String body, Duration timeout,
                                                 String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The users of the {@code pipeline} fixture, as the token issuer needs them. */
    public static final class Users {
        private static final String ALICE_HASH = "{bcrypt}$2a$10$a4BDQajU6PwPPLAv1I5XOec4/TQWWCH/91wpHf1wXBn4bL5D6m8oW";
        public static final User ALICE = new User("alice", "1", ALICE_HASH, List.of("editor"), false, true, Map.of("org", "acme"));
        public static final User BOB = new User("bob", "2",
                "{bcrypt}$2a$10$3UHc/zdfoBRENrB2R/PqEuI6VIVJ6mh5.3yUhg/zzy3/5jZEo2iEG", List.of(), false, true, Map.of());
        public static final User ROOT = new User("root", "99",
                "{bcrypt}$2a$10$jyMHVBFR2mT6ZsFmhIwfvOLlrQbbTFm9h6RcQMt1GeQP7JU5nV1wi", List.of(), true, true, Map.of());
        public static final User CAROL = new User("carol", "3",
                "{bcrypt}$2a$10$hfZDZ/iNLypw6yp.Y7PXqOPh7aMUT0Gvo8JHyyCasnB2ui5xUbvjS", List.of(), false, false, Map.of());
        public static final User GHOST = new User("ghost", "404", ALICE_HASH, List.of(), false, true, Map.of());

        private Users() {
        }
    }

    public void stop() {
        upstream.stop();
    }
}
