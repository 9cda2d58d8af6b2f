package io.portcullis.gateway.tokens;

import io.portcullis.gateway.authn.JwtVerifiers;
import io.portcullis.gateway.authn.Passwords;
import io.portcullis.gateway.authn.UserChecks;
import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.TokenIssuers;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.TokenType;
import io.portcullis.policy.token.VerifiedToken;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SimpleJWT's lifecycle (obtain, refresh with rotation, verify, blacklist) and DRF's opaque tokens, over a {@link TokenStore}. */
public final class TokenService {

    private final Passwords passwords;
    private final UserStores users;
    private final JwtIssuer issuer;
    private final JwtVerifiers verifiers;
    private final TokenStore store;
    private final Clock clock;

    public TokenService(Passwords passwords, UserStores users, JwtIssuer issuer, JwtVerifiers verifiers, TokenStore store,
                        Clock clock) {
        this.passwords = passwords;
        this.users = users;
        this.issuer = issuer;
        this.verifiers = verifiers;
        this.store = store;
        this.clock = clock;
    }

    /**
     * {@code {"access","refresh"}} for valid credentials; one 401 for every kind of failure, DRF's AuthenticationFailed
     * as SimpleJWT raises it (a detail, no code in the body).
     */
    public Mono<Map<String, String>> obtainPair(PolicySnapshot snapshot, String username, String password, String ip) {
        return passwords.check(users.of(snapshot), username, password)
                .switchIfEmpty(Mono.error(() -> {
                    Audit.event("login_failed", username, ip, "bad_credentials");
                    return new ApiErrorException(ApiError.authenticationFailed(
                            "No active account found with the given credentials", null, "login_failed"));
                }))
                .map(user -> {
                    Audit.event("login", user.username(), ip, "jwt");
                    return pair(user, snapshot.policy().tokens(), JwtIssuer.newId());
                });
    }

    public Mono<Map<String, String>> refresh(PolicySnapshot snapshot, String refreshToken, String ip) {
        TokenSettings settings = snapshot.policy().tokens();
        VerifiedToken token = verify(settings, refreshToken, TokenType.REFRESH);
        return activeUser(snapshot, token).flatMap(user -> refresh(settings, token, user, ip));
    }

    private Mono<Map<String, String>> refresh(TokenSettings settings, VerifiedToken token, User user, String ip) {
        if (!settings.rotateRefreshTokens()) {
            return requireUsable(token).then(Mono.fromCallable(() -> {
                Audit.event("refresh", user.username(), ip, "no_rotation");
                return Map.of("access", issuer.issue(user, TokenType.ACCESS, settings, token.family()));
            }));
        }
        Mono<Rotation> spend = !settings.blacklistAfterRotation() ? requireUsable(token).thenReturn(Rotation.ROTATED)
                : store.rotate(token.jti(), token.family(), token.expiresAt(), familyExpiry(settings),
                        settings.refreshReuseInterval())
                .flatMap(rotation -> switch (rotation) {
                    case ROTATED, GRACED -> Mono.just(rotation);
                    case REUSED -> {
                        Audit.event("refresh_reuse", user.username(), ip, "family_revoked");
                        yield Mono.error(new ApiErrorException(ApiError.tokenNotValid("token_reused")));
                    }
                    case REVOKED -> Mono.error(new ApiErrorException(ApiError.tokenNotValid("token_revoked")));
                });
        return spend.map(rotation -> {
            // A retry within the reuse interval (its first answer was lost, or was a 503) gets a pair of the same login.
            if (rotation == Rotation.GRACED) {
                Audit.event("refresh_graced", user.username(), ip, "within_reuse_interval");
            } else {
                Audit.event("refresh", user.username(), ip, "rotated");
            }
            return pair(user, settings, token.family());
        });
    }

    /**
     * Completes for a token of either type that authentication would accept (DESIGN.md: verify refuses what
     * authentication refuses): valid, and its user known, active and with an unchanged password hash; a refresh token
     * must also be neither spent nor blacklisted, nor its login revoked. Else SimpleJWT's one token_not_valid. Only the
     * gateway's own tokens: an external issuer's are for its own verify endpoint (DESIGN.md "External token issuers").
     */
    public Mono<Void> verify(PolicySnapshot snapshot, String tokenText) {
        VerifiedToken token;
        try {
            if (TokenIssuers.externalIssuerOf(tokenText, snapshot.policy().tokens().issuer(),
                    snapshot.policy().issuers()).isPresent()) {
                throw new InvalidTokenException("token_external");
            }
            token = verifiers.forSettings(snapshot.policy().tokens()).verify(tokenText);
        } catch (InvalidTokenException e) {
            return Mono.error(new ApiErrorException(ApiError.tokenNotValid(e.reason())));
        }
        return UserChecks.tokenUser(users.of(snapshot), token)
                // The user checks answer as authentication does; verify has SimpleJWT's one answer, the reason kept for logs.
                .onErrorMap(ApiErrorException.class, e -> new ApiErrorException(ApiError.tokenNotValid(e.error().reason())))
                .then(token.type() == TokenType.REFRESH ? requireUsable(token) : Mono.empty());
    }

    /**
     * Blacklists the refresh token and revokes its whole login (family): logout. A token already spent or blacklisted
     * is refused as SimpleJWT refuses it ("Token is blacklisted").
     */
    public Mono<Void> blacklist(PolicySnapshot snapshot, String refreshToken, String ip) {
        TokenSettings settings = snapshot.policy().tokens();
        VerifiedToken token = verify(settings, refreshToken, TokenType.REFRESH);
        return requireUsable(token).then(store.revoke(token.jti(), token.expiresAt(), token.family(), familyExpiry(settings)))
                .then(username(snapshot, token))
                .doOnNext(username -> Audit.event("revoke", username, ip, "blacklist"))
                .then();
    }

    /**
     * Audit events name users by username, as logins do; a user no longer in the store (or a store that cannot answer:
     * the logout itself is done) by the token's id.
     */
    private Mono<String> username(PolicySnapshot snapshot, VerifiedToken token) {
        String byId = "id:" + token.subject();
        return users.of(snapshot).byId(token.subject()).map(User::username).defaultIfEmpty(byId)
                .onErrorReturn(StoreUnavailableException.class, byId);
    }

    /** DRF's obtain_auth_token: a new 40-hex key per call (one per device), only its hash stored. */
    public Mono<String> createOpaque(PolicySnapshot snapshot, String username, String password, String ip) {
        return passwords.check(users.of(snapshot), username, password)
                .switchIfEmpty(Mono.error(() -> {
                    Audit.event("login_failed", username, ip, "bad_credentials");
                    return new InvalidInputException("Unable to log in with provided credentials.",
                            Map.of("non_field_errors", List.of("Unable to log in with provided credentials.")));
                }))
                .flatMap(user -> createOpaque(snapshot, user).doOnSuccess(key -> Audit.event("login", user.username(), ip, "token")));
    }

    public Mono<String> createOpaque(PolicySnapshot snapshot, User user) {
        String key = OpaqueKeys.newKey();
        Instant now = clock.instant();
        var lifetime = snapshot.policy().tokens().apiTokenLifetime();
        OpaqueToken token = new OpaqueToken(user.id(), now, lifetime == null ? null : now.plus(lifetime), CredentialVersion.of(user));
        return store.saveOpaque(OpaqueKeys.sha256(key), token).thenReturn(key);
    }

    public Mono<Boolean> deleteOpaque(String key, String ip) {
        return store.deleteOpaque(OpaqueKeys.sha256(key))
                .doOnNext(deleted -> Audit.event("revoke", null, ip, deleted ? "api_token" : "api_token_unknown"));
    }

    private Map<String, String> pair(User user, TokenSettings settings, String family) {
        Map<String, String> pair = new LinkedHashMap<>();
        pair.put("access", issuer.issue(user, TokenType.ACCESS, settings, family));
        pair.put("refresh", issuer.issue(user, TokenType.REFRESH, settings, family));
        return pair;
    }

    private VerifiedToken verify(TokenSettings settings, String text, TokenType type) {
        try {
            return verifiers.forSettings(settings).verify(text, type);
        } catch (InvalidTokenException e) {
            throw new ApiErrorException(ApiError.tokenNotValid(e.reason()));
        }
    }

    /** Authentication's user checks, but an unknown or inactive user gets SimpleJWT's refresh answer. */
    private Mono<User> activeUser(PolicySnapshot snapshot, VerifiedToken token) {
        return users.of(snapshot).byId(token.subject()).filter(User::active)
                .switchIfEmpty(Mono.error(() -> new ApiErrorException(ApiError.authenticationFailed(
                        "No active account found for the given token.", "no_active_account", "refresh_user_inactive"))))
                .map(user -> UserChecks.requireIssuedUnder(token, user));
    }

    private Mono<Void> requireUsable(VerifiedToken token) {
        return store.usable(token.jti(), token.family()).flatMap(usable -> usable ? Mono.<Void>empty()
                : Mono.error(new ApiErrorException(ApiError.tokenNotValid("token_revoked"))));
    }

    /** The latest a token of a family rotated now could expire: revocations of the family last that long. */
    private Instant familyExpiry(TokenSettings settings) {
        return clock.instant().plus(settings.refreshLifetime()).plus(settings.leeway());
    }
}
