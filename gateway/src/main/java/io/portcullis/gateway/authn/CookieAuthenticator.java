package io.portcullis.gateway.authn;

import io.portcullis.gateway.tokens.BrowserCookies;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

/**
 * The access token from the {@code portcullis_access} cookie (DESIGN.md "Browser clients"); {@code X-Auth-Scheme:
 * cookie}. Unsafe methods must also pass {@link CsrfCheck}, which the authentication filter applies.
 */
public final class CookieAuthenticator implements Authenticator {

    public static final String SCHEME = "cookie";

    private final JwtAuthenticator jwt;

    public CookieAuthenticator(JwtAuthenticator jwt) {
        this.jwt = jwt;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** Browsers cannot answer a challenge with a cookie. */
    @Override
    public String challenge() {
        return null;
    }

    @Override
    public Optional<Credential> read(ServerHttpRequest request) {
        List<HttpCookie> cookies = request.getCookies().getOrDefault(BrowserCookies.ACCESS, List.of());
        if (cookies.isEmpty()) {
            return Optional.empty();
        }
        String token = cookies.get(0).getValue();
        if (cookies.size() > 1 || token.chars().filter(c -> c == '.').count() != 2) {
            throw new ApiErrorException(ApiError.tokenNotValid(cookies.size() > 1 ? "cookie_repeated" : "token_malformed"));
        }
        return Optional.of(new Credential(SCHEME, null, token));
    }

    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        return jwt.verifyAccess(credential.secret(), snapshot, SCHEME);
    }
}
