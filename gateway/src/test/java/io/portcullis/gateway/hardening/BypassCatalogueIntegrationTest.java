package io.portcullis.gateway.hardening;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known gateway bypasses (issue 6 item 1), sent as raw bytes to a gateway that allows {@code /public/**} to anyone
 * and keeps {@code /admin/**} for admins. Every attempt is anonymous: none may reach the upstream under
 * {@code /admin}, and each gets the one answer DESIGN.md "Paths" gives it.
 */
// Closed after the class: a unique context, and the fork must exit within surefire's 30 s of System.exit.
@DirtiesContext
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BypassCatalogueIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("bypass", Map.of("upstream", harness.upstreamUrl()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    /**
     * One attempt: the request line ({@code {port}} is replaced by the gateway's port), extra header lines, the
     * status expected, and the exact URL the upstream receives ({@code null}: nothing is forwarded).
     */
    record Attempt(String requestLine, List<String> headers, int status, String forwarded, String forwardedMethod) {
    }

    private static Arguments refused(String name, String target, int status) {
        return Arguments.of(Named.of(name, new Attempt("GET " + target + " HTTP/1.1", List.of(), status, null, null)));
    }

    private static Arguments line(String name, String requestLine, int status) {
        return Arguments.of(Named.of(name, new Attempt(requestLine, List.of(), status, null, null)));
    }

    private static Arguments forwarded(String name, String requestLine, List<String> headers, String url, String method) {
        return Arguments.of(Named.of(name, new Attempt(requestLine, headers, 200, url, method)));
    }

    private static Arguments denied(String name, String requestLine, List<String> headers) {
        return Arguments.of(Named.of(name, new Attempt(requestLine, headers, 401, null, null)));
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                refused("the protected path itself is 401", "/admin/x", 401),
                refused("semicolon path parameter /admin;/x", "/admin;/x", 400),
                refused("jsessionid path parameter", "/admin;jsessionid=1/x", 400),
                refused("dot-dot-semicolon (Tomcat) /public/..;/admin", "/public/..;/admin/x", 400),
                refused("encoded semicolon %3B", "/public/%3B/../admin/x", 400),
                refused("encoded slash %2F", "/public/..%2Fadmin/x", 400),
                refused("lower-case encoded slash %2f", "/public/..%2fadmin/x", 400),
                refused("encoded slash after admin", "/admin%2Fx", 400),
                refused("encoded dot-dot %2e%2e", "/public/%2e%2e/admin/x", 400),
                refused("upper-case encoded dot-dot %2E%2E", "/public/%2E%2E/admin/x", 400),
                refused("half-encoded dot-dot .%2e", "/public/.%2e/admin/x", 400),
                refused("half-encoded dot-dot %2e.", "/public/%2e./admin/x", 400),
                refused("encoded single dot /admin/%2e", "/admin/%2e", 400),
                refused("mixed encoded dot-dot and slash", "/public/%2e%2E%2fadmin/x", 400),
                refused("double-encoded dot-dot %252e", "/public/%252e%252e/admin/x", 400),
                refused("double-encoded slash %252F", "/public/..%252Fadmin/x", 400),
                refused("double-encoded as %25%32%65", "/public/%25%32%65%25%32%65/admin/x", 400),
                refused("encoded backslash %5C", "/public/..%5Cadmin/x", 400),
                refused("encoded backslash lower-case %5c", "/public/%5c../admin/x", 400),
                refused("raw backslash", "/public/..\\admin/x", 400),
                refused("raw backslashes only", "\\admin\\x", 400),
                refused("encoded NUL at the end /admin%00", "/admin%00", 400),
                refused("encoded NUL before an extension", "/admin/x%00.html", 400),
                refused("raw NUL byte", "/admin\u0000/x", 400),
                refused("encoded tab", "/admin%09/x", 400),
                refused("encoded CR LF header injection", "/admin/x%0d%0aX-Auth-Admin:%20true", 400),
                refused("encoded DEL", "/admin%7f/x", 400),
                refused("overlong UTF-8 dot %c0%ae", "/public/%c0%ae%c0%ae/admin/x", 400),
                refused("overlong UTF-8 slash %c0%af", "/public/..%c0%afadmin/x", 400),
                refused("three-byte overlong dot %e0%80%ae", "/public/%e0%80%ae%e0%80%ae/admin/x", 400),
                refused("lone UTF-8 continuation byte", "/public/%80/x", 400),
                refused("malformed percent-encoding %zz", "/public/%zz/../../admin/x", 400),
                refused("truncated percent-encoding", "/admin/%2", 400),
                refused("IIS %u encoding", "/public/%u002e%u002e/admin/x", 400),
                refused("raw non-ASCII byte", "/admin\u00c0\u00ae/x", 400),
                refused("relative path without a leading slash", "admin/x", 400),
                refused("asterisk-form target", "*", 400),
                refused("upper-case route prefix /ADMIN", "/ADMIN/x", 404),
                refused("mixed-case route prefix /Admin", "/Admin/x", 404),
                refused("encoded trailing space /admin%20", "/admin%20/x", 404),
                refused("dot-dot up to the root /public/..", "/public/..", 404),
                refused("plain dot-dot /public/../admin", "/public/../admin/x", 401),
                refused("dot then dot-dot /public/./../admin", "/public/./../admin/x", 401),
                refused("dot-dot past the root /public/../../admin", "/public/../../admin/x", 401),
                refused("double slash //admin", "//admin/x", 401),
                refused("triple slash ///admin", "///admin/x", 401),
                refused("trailing dot segment /admin/.", "/admin/.", 401),
                refused("leading dot segment /./admin", "/./admin/x", 401),
                refused("trailing dot-dot /admin/x/..", "/admin/x/..", 401),
                refused("encoded letter /%61dmin", "/%61dmin/x", 401),
                refused("query that looks like a path /admin?/public/", "/admin/x?/../../public/x", 401),
                forwarded("encoded question mark is a path character, resolved as one", "GET /admin/x%3F/../../public/x HTTP/1.1",
                        List.of(), "/public/x", "GET"),
                forwarded("encoded hash is a path character, resolved as one", "GET /admin/x%23/../../public/y HTTP/1.1",
                        List.of(), "/public/y", "GET"),
                line("absolute-form target with the gateway's authority",
                        "GET http://127.0.0.1:{port}/admin/x HTTP/1.1", 401),
                line("absolute-form target with another authority", "GET http://admin.example/admin/x HTTP/1.1", 401),
                line("absolute-form target with dot-dot", "GET http://127.0.0.1:{port}/public/../admin/x HTTP/1.1", 401),
                line("absolute-form target with an encoded slash",
                        "GET http://127.0.0.1:{port}/public/..%2Fadmin/x HTTP/1.1", 400),
                line("tab inside the request target", "GET /public/\t/../../admin/x HTTP/1.1", 400),
                line("lower-case method", "get /admin/x HTTP/1.1", 405),
                line("TRACE", "TRACE /admin/x HTTP/1.1", 405),
                line("non-standard method", "PROPFIND /admin/x HTTP/1.1", 405),
                denied("POST to admin with X-HTTP-Method-Override: GET", "POST /admin/x HTTP/1.1",
                        List.of("X-HTTP-Method-Override: GET", "Content-Length: 0")),
                denied("admin path behind X-Original-URL is still the admin path", "GET /admin/x HTTP/1.1",
                        List.of("X-Original-URL: /public/x")),
                denied("spoofed identity headers do not authenticate", "GET /admin/x HTTP/1.1",
                        List.of("X-Auth-Admin: true", "X_Auth_User_Id: 99", "X-Auth-Scheme: jwt")),
                forwarded("dot-dot in the query stays in the query", "GET /public/x?/../../admin/x HTTP/1.1",
                        List.of(), "/public/x?/../../admin/x", "GET"),
                refused("fragment in the request target", "/public/x#/../../admin/x", 400),
                forwarded("X-Original-URL: /admin on a public path is stripped", "GET /public/x HTTP/1.1",
                        List.of("X-Original-URL: /admin/x", "X-Rewrite-URL: /admin/x"), "/public/x", "GET"),
                forwarded("method override header is stripped and the method checked is forwarded",
                        "POST /public/x HTTP/1.1", List.of("X-HTTP-Method-Override: DELETE", "X-Method-Override: PUT",
                                "X-HTTP-Method: PATCH", "Content-Length: 0"), "/public/x", "POST"),
                forwarded("fullwidth dots are just characters", "GET /public/%ef%bc%8e%ef%bc%8e/admin HTTP/1.1",
                        List.of(), "/public/%ef%bc%8e%ef%bc%8e/admin", "GET")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void noBypassReachesTheAdminUpstream(Attempt attempt) {
        StringBuilder request = new StringBuilder(attempt.requestLine().replace("{port}", Integer.toString(port)))
                .append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
        attempt.headers().forEach(header -> request.append(header).append("\r\n"));
        request.append("Connection: close\r\n\r\n");

        RawHttp.Response response = RawHttp.sendExactly(port, request.toString());

        List<LoggedRequest> received = harness.upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(response.status()).as(response.head()).isEqualTo(attempt.status());
        assertThat(received).noneMatch(r -> r.getUrl().toLowerCase().startsWith("/admin"));
        if (attempt.forwarded() == null) {
            assertThat(received).isEmpty();
        } else {
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.getUrl()).isEqualTo(attempt.forwarded());
                assertThat(r.getMethod().getName()).isEqualTo(attempt.forwardedMethod());
                assertThat(r.getAllHeaderKeys()).noneMatch(name -> name.toLowerCase().contains("method")
                        || name.toLowerCase().contains("original-url") || name.toLowerCase().contains("rewrite-url"));
            });
        }
    }
}
