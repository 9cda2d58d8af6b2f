package io.portcullis.gateway.authn;

import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.TokenIssuers;
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
    private final ExternalTokens externalTokens;

    /** Only the gateway's own tokens. */
    public JwtAuthenticator(JwtVerifiers verifiers, UserStores users) {
        this(verifiers, users, null);
    }

    /** Also the tokens of the policy's {@code issuers:}, verified by {@code externalTokens}. */
    public JwtAuthenticator(JwtVerifiers verifiers, UserStores users, ExternalTokens externalTokens) {
        this.verifiers = verifiers;
        this.users = users;
        this.externalTokens = externalTokens;
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

    /** A token is verified by its issuer's verifier alone: the gateway's own, or the external issuer its iss names. */
    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        String token = credential.secret();
        Optional<Issuer> external;
        try {
            external = externalTokens == null ? Optional.empty() : TokenIssuers.externalIssuerOf(token,
                    snapshot.policy().tokens().issuer(), snapshot.policy().issuers());
        } catch (InvalidTokenException e) {
            return Mono.error(new ApiErrorException(ApiError.tokenNotValid(e.reason())));
        }
        return external.isPresent() ? externalTokens.verify(token, external.get(), snapshot, SCHEME)
                : verifyAccess(token, snapshot, SCHEME);
    }

    /**
     * SimpleJWT's four steps for an access token of the gateway's own, however it arrived (the browser cookie carries
     * only these); the identity carries {@code scheme}.
     */
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
