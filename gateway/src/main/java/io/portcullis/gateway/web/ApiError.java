package io.portcullis.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DRF's exception family as data: every answer the gateway itself gives. {@code reason} is a stable id for logs and
 * metrics and never reaches the client; {@code code} is the optional client-visible code (SimpleJWT's);
 * {@code messages} is SimpleJWT's per-token-class list on a refused Bearer token, empty elsewhere.
 */
public record ApiError(HttpStatus status, String detail, String code, String reason, Map<String, String> headers,
                       List<TokenMessage> messages) {

    /** One entry of SimpleJWT's {@code messages}: which token class refused the token, and why. */
    public record TokenMessage(String tokenClass, String tokenType, String message) {
    }

    public ApiError {
        headers = Map.copyOf(headers);
        messages = List.copyOf(messages);
    }

    public ApiError(HttpStatus status, String detail, String code, String reason, Map<String, String> headers) {
        this(status, detail, code, reason, headers, List.of());
    }

    private static ApiError of(HttpStatus status, String detail, String code, String reason) {
        return new ApiError(status, detail, code, reason, Map.of());
    }

    public ApiError withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiError(status, detail, code, reason, copy, messages);
    }

    /**
     * DRF's handle_exception: a 401 is sent with the challenge of the first configured authenticator, and becomes a
     * 403 (same body) when that authenticator has none (an API key or a cookie cannot be asked for).
     */
    public ApiError challengedBy(String challenge) {
        if (status != HttpStatus.UNAUTHORIZED) {
            return this;
        }
        return challenge != null ? withHeader(CHALLENGE, challenge)
                : new ApiError(HttpStatus.FORBIDDEN, detail, code, reason, headers, messages);
    }

    public static ApiError notAuthenticated() {
        return of(HttpStatus.UNAUTHORIZED, "Authentication credentials were not provided.", null, "not_authenticated");
    }

    public static ApiError authenticationFailed(String detail, String code, String reason) {
        return of(HttpStatus.UNAUTHORIZED, detail, code, reason);
    }

    /**
     * SimpleJWT's answer for a token that is refused, as its token endpoints (refresh, verify, blacklist) give it: the
     * detail names the reason as SimpleJWT words it ({@code Token is blacklisted}). Authentication answers it
     * {@link #inAuthentication() its own way}.
     */
    public static ApiError tokenNotValid(String reason) {
        return of(HttpStatus.UNAUTHORIZED, SimpleJwtMessages.of(reason), "token_not_valid", reason);
    }

    /**
     * This error as authentication answers it: a refused token ({@link #tokenNotValid}) gets SimpleJWT's
     * JWTAuthentication answer, the generic detail with the reason in its {@code messages} list (one entry: the access
     * token class, the only one accepted); any other error is unchanged.
     */
    public ApiError inAuthentication() {
        if (!"token_not_valid".equals(code) || !messages.isEmpty()) {
            return this;
        }
        return new ApiError(status, "Given token not valid for any token type", code, reason, headers,
                List.of(new TokenMessage("AccessToken", "access", detail)));
    }

    /** SimpleJWT's answer for {@code Authorization: Bearer} with no token, or more than one value, after it. */
    public static ApiError badAuthorizationHeader() {
        return of(HttpStatus.UNAUTHORIZED, "Authorization header must contain two space-delimited values",
                "bad_authorization_header", "bad_authorization_header");
    }

    public static ApiError permissionDenied() {
        return of(HttpStatus.FORBIDDEN, "You do not have permission to perform this action.", null, "permission_denied");
    }

    /** DRF's answer when a cookie-authenticated unsafe request fails the CSRF check ({@code why} as Django words it). */
    public static ApiError csrfFailed(String why) {
        return of(HttpStatus.FORBIDDEN, "CSRF Failed: " + why, null, "csrf_failed");
    }

    public static ApiError notFound() {
        return of(HttpStatus.NOT_FOUND, "Not found.", null, "no_route");
    }

    /** DRF's {@code Throttled}: 429, the wait in the detail (DRF's singular for one second) and in Retry-After. */
    public static ApiError throttled(long waitSeconds) {
        return throttled(waitSeconds, null);
    }

    /** {@link #throttled(long)} with the refusing scope in the reason id ({@code throttled:user}). */
    public static ApiError throttled(long waitSeconds, String scope) {
        String detail = "Request was throttled. Expected available in " + waitSeconds
                + (waitSeconds == 1 ? " second." : " seconds.");
        return of(HttpStatus.TOO_MANY_REQUESTS, detail, null, scope == null ? "throttled" : "throttled:" + scope)
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
    }

    public static ApiError badRequest(String detail, String reason) {
        return of(HttpStatus.BAD_REQUEST, detail, null, reason);
    }

    /** A request over one of the configured limits (413, 431) or in a form the gateway does not forward (501). */
    public static ApiError limitExceeded(HttpStatus status, String detail, String reason) {
        return of(status, detail, null, reason);
    }

    /** DESIGN.md "Slow or stalled request bodies": the body did not arrive within {@code clients.body_timeout}. */
    public static ApiError bodyTimedOut() {
        return of(HttpStatus.REQUEST_TIMEOUT, "Request body timed out.", null, "body_timeout");
    }

    /**
     * The HTTP codec's refusals, which the web server answers before any filter runs: a request line over
     * {@code server.netty.max-initial-line-length} (414), a header block over {@code server.max-http-request-header-size}
     * (431), anything else it cannot parse (400: ambiguous framing, a bad chunk size, ...).
     */
    public static ApiError malformed(HttpStatus status) {
        return switch (status) {
            case URI_TOO_LONG -> of(status, "Request line too long.", null, "request_line_too_long");
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> of(status, "Request header fields too large.", null, "header_fields_too_large");
            default -> of(HttpStatus.BAD_REQUEST, "Malformed request.", null, "malformed_request");
        };
    }

    /** DRF's 405, with {@code Allow} naming the methods the resource does serve (RFC 9110 section 15.5.6). */
    public static ApiError methodNotAllowed(String method, String allow) {
        return of(HttpStatus.METHOD_NOT_ALLOWED, "Method \"" + method + "\" not allowed.", null, "method_not_allowed")
                .withHeader(HttpHeaders.ALLOW, allow);
    }

    public static ApiError badGateway() {
        return of(HttpStatus.BAD_GATEWAY, "The upstream service refused the connection.", null, "upstream_refused");
    }

    /** 502 for an upstream that accepted the connection but reset it, closed it early or did not speak HTTP. */
    public static ApiError upstreamFailed() {
        return of(HttpStatus.BAD_GATEWAY, "The upstream service closed the connection without a valid answer.", null,
                "upstream_failed");
    }

    /**
     * The upstream broke off after its answer had started: the client's connection was cut, so this is never sent;
     * its 502 says what the gateway would have answered had nothing been sent yet.
     */
    public static ApiError upstreamReset() {
        return of(HttpStatus.BAD_GATEWAY, "The upstream service broke off its answer.", null, "upstream_reset");
    }

    public static ApiError gatewayTimeout() {
        return of(HttpStatus.GATEWAY_TIMEOUT, "The upstream service did not answer in time.", null, "upstream_timeout");
    }

    public static ApiError storeUnavailable() {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "Service temporarily unavailable.", "store_unavailable", "store_unavailable");
    }

    /** DESIGN.md "External token issuers": the keys of the token's issuer were never obtained, so it cannot be judged. */
    public static ApiError issuerUnavailable() {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "Service temporarily unavailable.", "issuer_unavailable", "issuer_unavailable");
    }

    /** The client closed its connection before its answer could be sent: never seen by anyone but the logs. */
    public static ApiError clientClosed() {
        return of(HttpStatus.BAD_REQUEST, "The client closed the connection before the answer.", null, "client_closed");
    }

    public static ApiError serverError() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred.", null, "server_error");
    }

    /** The status's standard wording, for errors raised by the web stack itself. */
    public static ApiError ofStatus(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> notFound();
            case BAD_GATEWAY -> badGateway();
            case GATEWAY_TIMEOUT -> gatewayTimeout();
            default -> of(status, status.getReasonPhrase() + ".", null, "http_" + status.value());
        };
    }

    /** The {@code WWW-Authenticate} header name, for challenges. */
    public static final String CHALLENGE = HttpHeaders.WWW_AUTHENTICATE;
}
