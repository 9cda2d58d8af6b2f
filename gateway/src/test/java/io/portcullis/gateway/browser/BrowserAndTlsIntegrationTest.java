package io.portcullis.gateway.browser;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.SelfSignedTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 8: TLS termination from PEM files with HTTP/2, cookie mode with CSRF and logout, Basic over TLS. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserAndTlsIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final SelfSignedTls tls = SelfSignedTls.create();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient client = tls.http2Client();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("browser", Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        tls.serveHttp2(registry);
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    @BeforeEach
    void reset() {
        harness.upstream().resetRequests();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) {
        return GatewayHarness.exchange(client, URI.create("https://localhost:" + port + path), method, body, headers);
    }

    private record Login(String access, String refresh, String csrf, List<String> setCookies) {
        String cookieHeader() {
            return "portcullis_access=" + access + "; csrftoken=" + csrf + "; theme=dark";
        }
    }

    private static String cookie(List<String> setCookies, String name) {
        for (String header : setCookies) {
            Matcher matcher = Pattern.compile("^" + name + "=([^;]*)").matcher(header);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no Set-Cookie for " + name + " in " + setCookies);
    }

    private Login login() {
        HttpResponse<String> response = send("POST", "/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}",
                "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        return new Login(cookie(setCookies, "portcullis_access"), cookie(setCookies, "portcullis_refresh"),
                cookie(setCookies, "csrftoken"), setCookies);
    }

    private LoggedRequest onlyUpstreamRequest() {
        List<LoggedRequest> requests = harness.upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void gatewayServesHttpsWithHttp2FromPemFiles() {
        HttpResponse<String> response = send("GET", "/api/x", null, "Authorization", "Bearer " + login().access());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void managementPortStaysOnPlainHttpWhenThePublicPortTerminatesTls() {
        HttpResponse<String> health = GatewayHarness.exchange(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"), "GET", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void bodyOverHttp2IsBufferedAndForwardedWithItsLength() {
        HttpResponse<String> response = send("POST", "/api/x", "{\"title\":\"over h2\"}",
                "Authorization", "Bearer " + login().access(), "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(onlyUpstreamRequest().getBodyAsString()).isEqualTo("{\"title\":\"over h2\"}");
        assertThat(onlyUpstreamRequest().getHeader("Content-Length")).isEqualTo("19");
    }

    @Test
    void codecRefusalOverHttp11WithTlsIsJson() throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 414").containsIgnoringCase("content-type: application/json")
                    .endsWith("{\"detail\":\"Request line too long.\"}");
        }
    }

    @Test
    void loginSetsHttpOnlySecureStrictCookiesWithTheRefreshCookieScopedToAuth() {
        List<String> setCookies = login().setCookies();

        List<String> lower = setCookies.stream().map(String::toLowerCase).toList();
        assertThat(lower).anySatisfy(c -> assertThat(c).startsWith("portcullis_access=")
                .contains("path=/;", "httponly", "secure", "samesite=strict"));
        assertThat(lower).anySatisfy(c -> assertThat(c).startsWith("portcullis_refresh=")
                .contains("path=/auth/;", "httponly", "secure", "samesite=strict"));
        assertThat(lower).anySatisfy(c -> assertThat(c).startsWith("csrftoken=")
                .contains("path=/;", "secure", "samesite=strict").doesNotContain("httponly"));
    }

    @Test
    void accessCookieAuthenticatesSafeRequestsAndNeverReachesUpstream() {
        Login login = login();

        HttpResponse<String> response = send("GET", "/api/x", null, "Cookie", login.cookieHeader());

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest received = onlyUpstreamRequest();
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("cookie");
        assertThat(received.getHeader("X-Auth-Username")).isEqualTo("alice");
        assertThat(received.getHeader("Cookie")).isEqualTo("theme=dark");
    }

    @Test
    void unsafeCookieRequestWithoutCsrfTokenIsRefusedAndNotForwarded() {
        HttpResponse<String> response = send("POST", "/api/x", "{}", "Cookie", login().cookieHeader());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"detail\":\"CSRF Failed: CSRF token missing.\"}");
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void unsafeCookieRequestWithAWrongCsrfTokenIsRefused() {
        HttpResponse<String> response = send("DELETE", "/api/x", null, "Cookie", login().cookieHeader(), "X-CSRFToken", "nope");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"detail\":\"CSRF Failed: CSRF token incorrect.\"}");
    }

    @Test
    void unsafeCookieRequestWithTheCsrfTokenIsForwarded() {
        Login login = login();

        HttpResponse<String> response = send("POST", "/api/x", "{}", "Cookie", login.cookieHeader(), "X-CSRFToken", login.csrf());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getHeader("X-Auth-Scheme")).isEqualTo("cookie");
    }

    @Test
    void unsafeRequestAuthenticatedByBearerNeedsNoCsrfToken() {
        assertThat(send("POST", "/api/x", "{}", "Authorization", "Bearer " + login().access()).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshAcceptsTheRefreshCookieWithTheCsrfTokenAndSetsNewCookies() {
        Login login = login();
        String cookies = "portcullis_refresh=" + login.refresh() + "; csrftoken=" + login.csrf();

        HttpResponse<String> withoutCsrf = send("POST", "/auth/token/refresh/", null, "Cookie", cookies);
        HttpResponse<String> refreshed = send("POST", "/auth/token/refresh/", null, "Cookie", cookies, "X-CSRFToken", login.csrf());

        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(cookie(refreshed.headers().allValues("Set-Cookie"), "portcullis_refresh")).isNotEqualTo(login.refresh());
    }

    @Test
    void logoutExpiresTheCookiesAndRevokesTheRefreshToken() {
        Login login = login();
        String cookies = "portcullis_refresh=" + login.refresh() + "; csrftoken=" + login.csrf();

        HttpResponse<String> logout = send("POST", "/auth/logout/", null, "Cookie", cookies, "X-CSRFToken", login.csrf());

        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().allValues("Set-Cookie")).hasSize(3).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(send("POST", "/auth/token/refresh/", "{\"refresh\":\"" + login.refresh() + "\"}",
                "Content-Type", "application/json").statusCode()).isEqualTo(401);
    }

    @Test
    void basicCredentialsAreAcceptedOverTls() {
        String basic = Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));

        assertThat(send("GET", "/api/x", null, "Authorization", "Basic " + basic).statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getHeader("X-Auth-Scheme")).isEqualTo("basic");
    }
}
