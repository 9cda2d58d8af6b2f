package io.portcullis.gateway.authn;

import io.portcullis.gateway.tokens.BrowserCookies;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * DRF's enforce_csrf for cookie-authenticated requests: an unsafe method must carry {@code X-CSRFToken} equal to the
 * {@code csrftoken} cookie (double submit; compared in constant time), else 403 "CSRF Failed: ...".
 */
public final class CsrfCheck {

    public static final String HEADER = "X-CSRFToken";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private CsrfCheck() {
    }

    /** @throws ApiErrorException (403) when an unsafe request's CSRF token is missing or wrong */
    public static void enforce(ServerHttpRequest request) {
        if (SAFE.contains(request.getMethod().name())) {
            return;
        }
        HttpCookie cookie = request.getCookies().getFirst(BrowserCookies.CSRF);
        if (cookie == null || cookie.getValue().isEmpty()) {
            throw new ApiErrorException(ApiError.csrfFailed("CSRF cookie not set."));
        }
        String header = request.getHeaders().getFirst(HEADER);
        if (header == null || header.isEmpty()) {
            throw new ApiErrorException(ApiError.csrfFailed("CSRF token missing."));
        }
        if (!MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiErrorException(ApiError.csrfFailed("CSRF token incorrect."));
        }
    }
}
