package io.portcullis.gateway.authn;

import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.TokenType;
import io.portcullis.policy.token.VerifiedToken;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

import java.util.Optional;

/** {@code Authorization: Bearer <jwt>}: SimpleJWT's JWTAuthentication, access tokens only. */
public final class JwtAuthenticator implements Authenticator {

    public static final String SCHEME = "jwt";

    private final JwtVerifiers verifiers;
    private final UserStores users;

    public JwtAuthenticator(JwtVerifiers verifiers, UserStores users) {
        this.verifiers = verifiers;
        this.users = users;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String challenge() {
        return "Bearer realm=\"api\"";
    }

    /** The Bearer keyword is this scheme's; a value that is not a three-part compact JWS is malformed. */
    @Override
    public Optional<Credential> read(ServerHttpRequest request) {
        return AuthorizationHeader.bearer(request).map(token -> {
            if (StringUtils.countOccurrencesOf(token, ".") != 2) {
                throw new ApiErrorException(ApiError.tokenNotValid("token_malformed"));
            }
            return new Credential(SCHEME, null, token);
        });
    }

    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        return verifyAccess(credential.secret(), snapshot, SCHEME);
    }

    /** SimpleJWT's four steps for an access token, however it arrived; the identity carries {@code scheme}. */
    Mono<Identity> verifyAccess(String accessToken, PolicySnapshot snapshot, String scheme) {
        return Mono.fromCallable(() -> {
            VerifiedToken token;
            try {
                token = verifiers.forSettings(snapshot.policy().tokens()).verify(accessToken, TokenType.ACCESS);
            } catch (InvalidTokenException e) {
                throw new ApiErrorException(ApiError.tokenNotValid(e.reason()));
            }
            return token;
        }).flatMap(token -> UserChecks.tokenUser(users.of(snapshot), token)).map(user -> Identity.of(user, scheme));
    }
}
