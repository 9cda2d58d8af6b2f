package io.portcullis.gateway.tokens;

import io.portcullis.gateway.authn.CsrfCheck;
import io.portcullis.gateway.authn.OpaqueTokenAuthenticator;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.throttle.ClientIps;
import io.portcullis.gateway.throttle.LoginThrottle;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.gateway.web.RequestThread;
import io.portcullis.policy.PolicySnapshot;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

/** The gateway's own endpoints of DESIGN.md "Token endpoints", as router functions. */
public final class TokenEndpoints {

    public static final String OBTAIN = "/auth/token/";
    public static final String REFRESH = "/auth/token/refresh/";
    public static final String VERIFY = "/auth/token/verify/";
    public static final String BLACKLIST = "/auth/token/blacklist/";
    public static final String API_TOKEN = "/auth/api-token/";
    public static final String LOGOUT = "/auth/logout/";
    private static final String BEARER_CHALLENGE = "Bearer realm=\"api\"";

    private final TokenService tokens;
    private final PolicyHolder holder;
    private final OpaqueTokenAuthenticator opaqueTokens;
    private final LoginThrottle loginThrottle;

    public TokenEndpoints(TokenService tokens, PolicyHolder holder, OpaqueTokenAuthenticator opaqueTokens,
                          LoginThrottle loginThrottle) {
        this.tokens = tokens;
        this.holder = holder;
        this.opaqueTokens = opaqueTokens;
        this.loginThrottle = loginThrottle;
    }

    public RouterFunction<ServerResponse> routes() {
        RequestPredicate own = path(OBTAIN).or(path(REFRESH)).or(path(VERIFY)).or(path(BLACKLIST)).or(path(API_TOKEN))
                .or(path(LOGOUT));
        return RouterFunctions.route()
                .POST(OBTAIN, request -> jwt(request, true, (snapshot, body) -> {
                    Map<String, String> f = body.fields(List.of(CharField.text("username"), CharField.password("password")));
                    return tokens.obtainPair(snapshot, f.get("username"), f.get("password"), ip(request));
                }))
                .POST(REFRESH, request -> jwt(request, false,
                        (snapshot, body) -> tokens.refresh(snapshot, refreshToken(request, snapshot, body, true), ip(request))))
                .POST(VERIFY, request -> jwt(request, false, (snapshot, body) ->
                        tokens.verify(snapshot, body.fields(List.of(CharField.text("token"))).get("token")).thenReturn(Map.of())))
                .POST(BLACKLIST, request -> jwt(request, false, (snapshot, body) -> tokens.blacklist(snapshot,
                        body.fields(List.of(CharField.text("refresh"))).get("refresh"), ip(request)).thenReturn(Map.of())))
                .POST(API_TOKEN, request -> handle(request, true, (snapshot, body) -> {
                    Map<String, String> f = body.fields(List.of(CharField.text("username"), CharField.untrimmed("password")));
                    return tokens.createOpaque(snapshot, f.get("username"), f.get("password"), ip(request))
                            .map(key -> Map.of("token", key));
                }))
                .DELETE(API_TOKEN, this::deleteApiToken)
                .POST(LOGOUT, this::logout)
                .OPTIONS(own, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()))
                .route(own, request -> Mono.error(new ApiErrorException(
                        ApiError.methodNotAllowed(request.method().name(), allow(request.path())))))
                .filter((request, next) -> {
                    // DRF's views put Allow on every answer, not only on 405 (APIView.default_response_headers)
                    ServerHttpResponse response = request.exchange().getResponse();
                    response.beforeCommit(() -> Mono.fromRunnable(
                            () -> response.getHeaders().set(HttpHeaders.ALLOW, allow(request.path()))));
                    // Answers come from the password checks' threads or a store's connection: write them from the
                    // connection's own event loop, or a later request on a kept-alive connection can go unanswered.
                    return RequestThread.resume(request.exchange(), next.handle(request));
                })
                .build();
    }

    /** The methods each endpoint serves, in DRF's order. */
    private static String allow(String path) {
        return API_TOKEN.equals(path) ? "POST, DELETE, OPTIONS" : "POST, OPTIONS";
    }

    private Mono<ServerResponse> deleteApiToken(ServerRequest request) {
        return Mono.defer(() -> opaqueTokens.read(request.exchange().getRequest())
                        .map(credential -> tokens.deleteOpaque(credential.secret(), ip(request)))
                        .orElseThrow(() -> new ApiErrorException(ApiError.notAuthenticated())))
                .flatMap(deleted -> deleted ? ServerResponse.noContent().build()
                        : Mono.error(new ApiErrorException(ApiError.authenticationFailed("Invalid token.", null, "token_unknown"))))
                .onErrorMap(ApiErrorException.class, e -> withChallenge(e, "Token"));
    }

    /** One endpoint's work on a parsed body; reads its fields with {@link RequestBodies.Submitted#fields}. */
    private interface Action {
        Mono<? extends Map<String, String>> apply(PolicySnapshot snapshot, RequestBodies.Submitted body);
    }

    /**
     * The token-obtaining endpoints count every attempt under the {@code login} scope (client IP + username, and the
     * per-IP cap) before its fields or any password are checked, as DRF checks throttles before the serializer runs:
     * brute force and credential stuffing get 429 with Retry-After.
     */
    private Mono<Void> countLogin(ServerRequest request, PolicySnapshot snapshot, RequestBodies.Submitted body) {
        return loginThrottle.check(snapshot, ip(request), body.username())
                .flatMap(decision -> decision.allowed() ? Mono.<Void>empty()
                        : Mono.error(new ApiErrorException(ApiError.throttled(decision.waitSeconds(), "login"))));
    }

    /** JWT endpoints answer 401s with SimpleJWT's Bearer challenge. */
    private Mono<ServerResponse> jwt(ServerRequest request, boolean login, Action action) {
        return handle(request, login, action).onErrorMap(ApiErrorException.class, e -> withChallenge(e, BEARER_CHALLENGE));
    }

    private Mono<ServerResponse> handle(ServerRequest request, boolean login, Action action) {
        PolicySnapshot snapshot = snapshot(request);
        return submitted(request)
                .flatMap(submitted -> (login ? countLogin(request, snapshot, submitted) : Mono.<Void>empty())
                        .then(Mono.defer(() -> action.apply(snapshot, submitted))))
                .flatMap(body -> {
                    ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
                    // Cookie mode: every new pair (login, refresh) is also set as cookies, with a new CSRF secret.
                    if (snapshot.policy().tokens().cookies() && body.containsKey("access") && body.containsKey("refresh")) {
                        BrowserCookies.issue(body.get("access"), body.get("refresh"), snapshot.policy().tokens())
                                .forEach(cookie -> ok.cookie(cookie));
                    }
                    return ok.bodyValue(body);
                })
                .onErrorResume(InvalidInputException.class,
                        e -> ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(e.body()));
    }

    /**
     * The refresh token from the body, else (cookie mode) from the refresh cookie, which, being ambient, must come with
     * the CSRF token. {@code required}: a missing token is DRF's field error rather than nothing to do.
     */
    private static String refreshToken(ServerRequest request, PolicySnapshot snapshot, RequestBodies.Submitted body,
                                       boolean required) {
        boolean inBody = body.members().containsKey("refresh") || body.notAnObject() != null;
        HttpCookie cookie = !inBody && snapshot.policy().tokens().cookies()
                ? request.exchange().getRequest().getCookies().getFirst(BrowserCookies.REFRESH) : null;
        if (cookie != null && !cookie.getValue().isEmpty()) {
            CsrfCheck.enforce(request.exchange().getRequest());
            return cookie.getValue();
        }
        return required ? body.fields(List.of(CharField.text("refresh"))).get("refresh") : body.optional("refresh");
    }

    /** Blacklists the refresh token (body or cookie) and expires the three cookies; an invalid token has nothing to revoke. */
    private Mono<ServerResponse> logout(ServerRequest request) {
        PolicySnapshot snapshot = snapshot(request);
        return submitted(request)
                .flatMap(submitted -> Mono.defer(() -> {
                    String refresh = refreshToken(request, snapshot, submitted, false);
                    return refresh == null ? Mono.<Void>empty() : tokens.blacklist(snapshot, refresh, ip(request))
                            .onErrorResume(ApiErrorException.class, e -> e.error().status() == HttpStatus.UNAUTHORIZED
                                    ? Mono.empty() : Mono.error(e));
                }))
                .then(Mono.defer(() -> {
                    ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
                    BrowserCookies.expire().forEach(cookie -> ok.cookie(cookie));
                    return ok.bodyValue(Map.of());
                }))
                .onErrorResume(InvalidInputException.class,
                        e -> ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(e.body()));
    }

    private static Mono<RequestBodies.Submitted> submitted(ServerRequest request) {
        String contentType = request.exchange().getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        return body(request).map(bytes -> RequestBodies.parse(contentType, bytes));
    }

    private static Mono<byte[]> body(ServerRequest request) {
        return DataBufferUtils.join(request.exchange().getRequest().getBody(), RequestBodies.MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new ApiErrorException(new ApiError(
                        HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large.", null, "body_too_large", Map.of())));
    }

    private PolicySnapshot snapshot(ServerRequest request) {
        PolicySnapshot snapshot = request.exchange().getAttribute(ExchangeAttributes.SNAPSHOT);
        return snapshot != null ? snapshot : holder.current();
    }

    private static ApiErrorException withChallenge(ApiErrorException e, String challenge) {
        return e.error().status() == HttpStatus.UNAUTHORIZED
                ? new ApiErrorException(e.error().withHeader(ApiError.CHALLENGE, challenge)) : e;
    }

    /** The client IP by DESIGN.md's rule (socket peer, or the num_proxies-th X-Forwarded-For from the right). */
    private String ip(ServerRequest request) {
        return ClientIps.of(request.exchange().getRequest(), snapshot(request).policy().numProxies());
    }

}
