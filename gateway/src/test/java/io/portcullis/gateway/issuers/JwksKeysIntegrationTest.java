package io.portcullis.gateway.issuers;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.portcullis.policy.token.IssuerUnavailableException;
import io.portcullis.policy.token.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.portcullis.gateway.issuers.TestJwks.EC_P256;
import static io.portcullis.gateway.issuers.TestJwks.RSA_A;
import static io.portcullis.gateway.issuers.TestJwks.RSA_B;
import static io.portcullis.gateway.issuers.TestJwks.ec;
import static io.portcullis.gateway.issuers.TestJwks.rsa;
import static io.portcullis.gateway.issuers.TestJwks.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** JwksKeys against a real HTTP server (WireMock) serving discovery documents and JWKS that rotate, fail and stall. */
class JwksKeysIntegrationTest {

    private static final WireMockServer server = new WireMockServer(
            options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
    private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    private static final Duration LONG = Duration.ofHours(1);
    private static final JwksLimits LIMITS = new JwksLimits(Duration.ofSeconds(2), Duration.ofSeconds(1),
            Duration.ofSeconds(2), 16 * 1024, Duration.ofMillis(100));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<JwksKeys> opened = new ArrayList<>();

    static {
        server.start();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(JwksKeys::close);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void keysComeFromTheJwksUrl() {
        serveJwks(set(rsa("a", RSA_A), ec("e", EC_P256)));

        JwksKeys keys = started(jwksUrl(), LONG);

        awaitKey(keys, "a", "RS256");
        assertThat(find(keys, "a", "RS256")).isEqualTo(RSA_A.getPublic());
        assertThat(find(keys, "e", "ES256")).isEqualTo(EC_P256.getPublic());
        assertThat(keys.status().kids()).containsExactly("a", "e");
    }

    @Test
    void discoveryDocumentLeadsToTheJwks() {
        String issuer = http("/realms/acme");
        serveDiscovery("/realms/acme", issuer, http("/realms/acme/certs"));
        server.stubFor(get("/realms/acme/certs").willReturn(okJson(set(rsa("a", RSA_A)))));

        JwksKeys keys = discovering(issuer, true, HttpClient.create());

        awaitKey(keys, "a", "RS256");
        assertThat(keys.status().source()).isEqualTo(http("/realms/acme/certs"));
    }

    @Test
    void discoveryNamingAnotherIssuerIsRefused() {
        String issuer = http("/realms/acme");
        serveDiscovery("/realms/acme", http("/realms/other"), http("/realms/acme/certs"));
        server.stubFor(get("/realms/acme/certs").willReturn(okJson(set(rsa("a", RSA_A)))));

        JwksKeys keys = discovering(issuer, true, HttpClient.create());

        assertFailsWith(keys, "issuer is not " + issuer);
        server.verify(0, getRequestedFor(urlEqualTo("/realms/acme/certs")));
    }

    @Test
    void aJwksUriThatStopsAnsweringIsDiscoveredAgain() {
        String issuer = http("/realms/acme");
        serveDiscovery("/realms/acme", issuer, http("/realms/acme/certs-1"));
        server.stubFor(get("/realms/acme/certs-1").willReturn(okJson(set(rsa("a", RSA_A)))));
        JwksKeys keys = discovering(issuer, true, HttpClient.create());
        awaitKey(keys, "a", "RS256");
        server.stubFor(get("/realms/acme/certs-1").willReturn(aResponse().withStatus(404)));
        serveDiscovery("/realms/acme", issuer, http("/realms/acme/certs-2"));
        server.stubFor(get("/realms/acme/certs-2").willReturn(okJson(set(rsa("b", RSA_B)))));

        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isTrue();

        assertThat(find(keys, "b", "RS256")).isEqualTo(RSA_B.getPublic());
        assertThat(keys.status().source()).isEqualTo(http("/realms/acme/certs-2"));
    }

    @Test
    void keysAreFetchedOverHttpsWithoutAllowHttp() {
        serveJwks(set(rsa("a", RSA_A)));

        JwksKeys keys = started(new JwksKeys("sso", https("/jwks"), null, false, LONG, ALGORITHMS, clock, LIMITS,
                trustingClient()));

        awaitKey(keys, "a", "RS256");
    }

    @Test
    void anUntrustedCertificateFailsTheFetch() {
        serveJwks(set(rsa("a", RSA_A)));

        JwksKeys keys = started(new JwksKeys("sso", https("/jwks"), null, false, LONG, ALGORITHMS, clock, LIMITS,
                HttpClient.create()));

        assertFailsWith(keys, "could not be fetched");
    }

    @Test
    void anHttpJwksUrlIsRefusedWithoutAllowHttp() {
        assertThatThrownBy(() -> new JwksKeys("sso", jwksUrl(), null, false, LONG, ALGORITHMS, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs https");
    }

    @Test
    void anHttpJwksUriFromHttpsDiscoveryIsRefusedWithoutAllowHttp() {
        String issuer = https("/realms/acme").toString();
        serveDiscovery("/realms/acme", issuer, http("/jwks"));
        serveJwks(set(rsa("a", RSA_A)));

        JwksKeys keys = discovering(issuer, false, trustingClient());

        assertFailsWith(keys, "jwks_uri needs https");
        server.verify(0, getRequestedFor(urlEqualTo("/jwks")));
    }

    @Test
    void periodicRefreshPicksUpARotationAndDropsTheOldKey() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), Duration.ofMillis(100));
        awaitKey(keys, "a", "RS256");

        serveJwks(set(rsa("b", RSA_B)));

        awaitKey(keys, "b", "RS256");
        assertThat(keysFound(keys, "a")).isEmpty();
    }

    @Test
    void unknownKidRefreshPicksUpANewKeyAtOnce() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), LONG);
        awaitKey(keys, "a", "RS256");
        serveJwks(set(rsa("a", RSA_A), rsa("b", RSA_B)));

        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isTrue();

        assertThat(find(keys, "b", "RS256")).isEqualTo(RSA_B.getPublic());
    }

    @Test
    void unknownKidRefreshFetchesAtMostOncePer30Seconds() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), LONG);
        awaitKey(keys, "a", "RS256");
        serveJwks(set(rsa("b", RSA_B)));
        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isTrue();
        serveJwks(set(rsa("c", RSA_A)));

        clock.advance(Duration.ofSeconds(29));
        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isFalse();
        assertThat(jwksRequests()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isTrue();
        assertThat(jwksRequests()).isEqualTo(3);
        assertThat(keysFound(keys, "c")).isPresent();
        assertThat(keysFound(keys, "b")).isEmpty();
    }

    @Test
    void concurrentUnknownKidRefreshesShareOneFetch() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), LONG);
        awaitKey(keys, "a", "RS256");
        server.stubFor(get("/jwks").willReturn(okJson(set(rsa("b", RSA_B))).withFixedDelay(300)));

        List<CompletableFuture<Boolean>> refreshes = Stream.generate(() -> keys.refreshForUnknownKid()
                .toCompletableFuture()).limit(5).toList();

        assertThat(refreshes).allSatisfy(refresh -> assertThat(refresh.join()).isTrue());
        assertThat(jwksRequests()).isEqualTo(2);
    }

    @Test
    void unchangedKeysAreNotReportedAsChanged() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), LONG);
        awaitKey(keys, "a", "RS256");

        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isFalse();
        assertThat(jwksRequests()).isEqualTo(2);
    }

    static Stream<Arguments> failures() {
        String oversize = set(rsa("a", RSA_A)).replace("{\"keys\"", "{\"padding\":\"" + "x".repeat(20_000)
                + "\",\"keys\"");
        return Stream.of(
                arguments("server error", aResponse().withStatus(500), "answered 500"),
                arguments("not found", aResponse().withStatus(404), "answered 404"),
                arguments("redirect", aResponse().withStatus(302).withHeader("Location", "/elsewhere"),
                        "redirects are not followed"),
                arguments("HTML instead of JSON", aResponse().withStatus(200).withBody("<html>login</html>"),
                        "no JSON object"),
                arguments("JSON that is no JWK set", okJson("{\"issuer\":\"x\"}"), "not a JWK set"),
                arguments("only a symmetric key", okJson("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}"),
                        "no usable key"),
                arguments("declared length over the size limit", okJson(oversize)
                        .withHeader("Content-Length", String.valueOf(oversize.length())), "more than 16384 bytes"),
                arguments("chunked body over the size limit", okJson(oversize).withChunkedDribbleDelay(4, 50),
                        "more than 16384 bytes"),
                arguments("answer slower than the timeout", okJson(set(rsa("a", RSA_A))).withFixedDelay(3_000),
                        "timed out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailedFirstFetchLeavesTheIssuerUnavailable(String name, ResponseDefinitionBuilder answer, String reason) {
        server.stubFor(get("/jwks").willReturn(answer));

        JwksKeys keys = started(jwksUrl(), LONG);

        assertFailsWith(keys, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailedFetchKeepsTheLastGoodKeys(String name, ResponseDefinitionBuilder answer, String reason) {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), LONG);
        awaitKey(keys, "a", "RS256");
        server.stubFor(get("/jwks").willReturn(answer));
        clock.advance(Duration.ofMinutes(1));

        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isFalse();

        assertThat(keys.status().failureReason()).contains(reason);
        assertThat(find(keys, "a", "RS256")).isEqualTo(RSA_A.getPublic());
    }

    @Test
    void keysNeverFetchedMakeTheIssuerUnavailable() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = new JwksKeys("sso", jwksUrl(), null, true, LONG, ALGORITHMS, clock, LIMITS, HttpClient.create());
        opened.add(keys);

        assertThatThrownBy(() -> keys.find("a", "RS256")).isInstanceOf(IssuerUnavailableException.class)
                .extracting(e -> ((IssuerUnavailableException) e).issuerId()).isEqualTo("sso");
    }

    @Test
    void aFailedFetchIsRetriedSoonerThanTheRefresh() {
        server.stubFor(get("/jwks").willReturn(aResponse().withStatus(503)));
        JwksKeys keys = started(jwksUrl(), LONG);
        assertFailsWith(keys, "answered 503");

        serveJwks(set(rsa("a", RSA_A)));

        awaitKey(keys, "a", "RS256");
    }

    @Test
    void closeStopsTheRefreshing() {
        serveJwks(set(rsa("a", RSA_A)));
        JwksKeys keys = started(jwksUrl(), Duration.ofMillis(50));
        awaitKey(keys, "a", "RS256");

        keys.close();
        int fetched = jwksRequests();

        assertThat(keys.refreshForUnknownKid().toCompletableFuture().join()).isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> jwksRequests() == fetched);
        assertThat(find(keys, "a", "RS256")).isEqualTo(RSA_A.getPublic());
    }

    private JwksKeys started(URI jwksUrl, Duration refresh) {
        return started(new JwksKeys("sso", jwksUrl, null, true, refresh, ALGORITHMS, clock, LIMITS,
                HttpClient.create()));
    }

    private JwksKeys discovering(String issuer, boolean allowHttp, HttpClient client) {
        return started(new JwksKeys("sso", null, URI.create(issuer), allowHttp, LONG, ALGORITHMS, clock, LIMITS, client));
    }

    private JwksKeys started(JwksKeys keys) {
        opened.add(keys);
        keys.start();
        return keys;
    }

    private static void serveJwks(String body) {
        server.stubFor(get("/jwks").willReturn(okJson(body)));
    }

    private static void serveDiscovery(String issuerPath, String issuer, Object jwksUri) {
        server.stubFor(get(issuerPath + "/.well-known/openid-configuration").willReturn(okJson(TestJwks.json(
                Map.of("issuer", issuer, "jwks_uri", jwksUri.toString())))));
    }

    private static URI jwksUrl() {
        return URI.create(http("/jwks"));
    }

    private static String http(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static URI https(String path) {
        return URI.create("https://localhost:" + server.httpsPort() + path);
    }

    /** Trusts WireMock's own self-signed certificate (and any other): for tests of the https path only. */
    private static HttpClient trustingClient() {
        return HttpClient.create().secure(spec -> spec.sslContext(Http11SslContextSpec.forClient()
                .configure(builder -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
    }

    private static int jwksRequests() {
        return server.findAll(getRequestedFor(urlEqualTo("/jwks"))).size();
    }

    private static void awaitKey(JwksKeys keys, String kid, String algorithm) {
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.status().kids().contains(kid)
                && keys.find(kid, algorithm).isPresent());
    }

    /** Waits for a failure for {@code reason}: a first attempt slowed by a cold start may time out instead. */
    private static void assertFailsWith(JwksKeys keys, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keys.status().failureReason())
                .contains(reason));
        assertThatThrownBy(() -> keys.find("a", "RS256")).isInstanceOf(IssuerUnavailableException.class);
    }

    private static Key find(JwksKeys keys, String kid, String algorithm) {
        return keysFound(keys, kid, algorithm).orElseThrow();
    }

    private static Optional<Key> keysFound(JwksKeys keys, String kid) {
        return keysFound(keys, kid, "RS256");
    }

    private static Optional<Key> keysFound(JwksKeys keys, String kid, String algorithm) {
        try {
            return keys.find(kid, algorithm);
        } catch (IssuerUnavailableException e) {
            throw new AssertionError(e);
        }
    }
}
