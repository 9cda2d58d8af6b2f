package io.portcullis.gateway.tokens;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.TokenRandom;
import org.springframework.http.ResponseCookie;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Cookie mode (DESIGN.md "Browser clients"): the access and refresh tokens as HttpOnly, Secure, SameSite=Strict
 * cookies (the refresh one only sent to {@code /auth/}), and Django's {@code csrftoken}, readable by JavaScript.
 */
public final class BrowserCookies {

    public static final String ACCESS = "portcullis_access";
    public static final String REFRESH = "portcullis_refresh";
    public static final String CSRF = "csrftoken";
    /** The gateway's own cookies: never forwarded upstream. */
    public static final Set<String> NAMES = Set.of(ACCESS, REFRESH, CSRF);

    private BrowserCookies() {
    }

    /** The three cookies of a login or refresh: new tokens, and a new CSRF secret. */
    public static List<ResponseCookie> issue(String access, String refresh, TokenSettings settings) {
        return List.of(
                cookie(ACCESS, access, "/", settings.accessLifetime(), true),
                cookie(REFRESH, refresh, "/auth/", settings.refreshLifetime(), true),
                cookie(CSRF, TokenRandom.hex(32), "/", settings.refreshLifetime(), false));
    }

    /** Logout: the same three cookies, expired. */
    public static List<ResponseCookie> expire() {
        return List.of(cookie(ACCESS, "", "/", Duration.ZERO, true), cookie(REFRESH, "", "/auth/", Duration.ZERO, true),
                cookie(CSRF, "", "/", Duration.ZERO, false));
    }

    private static ResponseCookie cookie(String name, String value, String path, Duration maxAge, boolean httpOnly) {
        return ResponseCookie.from(name, value).path(path).maxAge(maxAge).httpOnly(httpOnly).secure(true)
                .sameSite("Strict").build();
    }
}
