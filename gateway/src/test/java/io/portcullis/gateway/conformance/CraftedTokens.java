package io.portcullis.gateway.conformance;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TokenType;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tokens neither server minted, sent alike to both (${crafted.name} in cases.yaml): signed with the key both share,
 * with the claims both read ({@code sub} as SimpleJWT's USER_ID_CLAIM, {@code iss}), but expired, from the future,
 * of another type, for an inactive or unknown user, or otherwise hand-made.
 */
final class CraftedTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private CraftedTokens() {
    }

    static Map<String, String> make(String secret, TokenSettings settings, Users users) {
        User alice = users.byUsername("alice").orElseThrow();
        User carol = users.byUsername("carol").orElseThrow();
        User ghost = new User("ghost", "404", alice.passwordHash(), List.of(), false, true, Map.of());
        Instant now = Instant.now();
        JwtIssuer issuer = issuer(secret, now);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired_access", issuer(secret, now.minus(Duration.ofMinutes(20))).issue(alice, TokenType.ACCESS, settings));
        tokens.put("expired_refresh", issuer(secret, now.minus(Duration.ofDays(8))).issue(alice, TokenType.REFRESH, settings));
        tokens.put("future_access", issuer(secret, now.plus(Duration.ofMinutes(10))).issue(alice, TokenType.ACCESS, settings));
        tokens.put("future_refresh", issuer(secret, now.plus(Duration.ofMinutes(10))).issue(alice, TokenType.REFRESH, settings));
        tokens.put("other_key_access", issuer("another-secret-0123456789-0123456789-xyz", now).issue(alice, TokenType.ACCESS, settings));
        tokens.put("other_key_refresh", issuer("another-secret-0123456789-0123456789-xyz", now).issue(alice, TokenType.REFRESH, settings));
        tokens.put("wrong_issuer_access", issuer.issue(alice, TokenType.ACCESS, withIssuer(settings, "elsewhere")));
        tokens.put("wrong_issuer_refresh", issuer.issue(alice, TokenType.REFRESH, withIssuer(settings, "elsewhere")));
        tokens.put("no_issuer_access", issuer.issue(alice, TokenType.ACCESS, withIssuer(settings, null)));
        tokens.put("ghost_access", issuer.issue(ghost, TokenType.ACCESS, settings));
        tokens.put("ghost_refresh", issuer.issue(ghost, TokenType.REFRESH, settings));
        tokens.put("carol_access", issuer.issue(carol, TokenType.ACCESS, settings));
        tokens.put("carol_refresh", issuer.issue(carol, TokenType.REFRESH, settings));
        String access = issuer.issue(alice, TokenType.ACCESS, settings);
        String[] parts = access.split("\\.");
        tokens.put("tampered_access", parts[0] + "." + BASE64URL.encodeToString(
                JSON.writeValueAsBytes(claims(alice, "access", now, c -> c.put("sub", "99")))) + "." + parts[2]);
        tokens.put("hs512_access", sign(secret, "HS512", Map.of(), claims(alice, "access", now, c -> { })));
        tokens.put("none_access", BASE64URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "none", "typ", "JWT")))
                + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims(alice, "access", now, c -> { }))) + ".");
        tokens.put("sliding_token", sign(secret, "HS256", Map.of(), claims(alice, "sliding", now, c -> { })));
        tokens.put("untyped_access", sign(secret, "HS256", Map.of(), claims(alice, "access", now, c -> c.remove("token_type"))));
        tokens.put("no_jti_access", sign(secret, "HS256", Map.of(), claims(alice, "access", now, c -> c.remove("jti"))));
        tokens.put("no_exp_access", sign(secret, "HS256", Map.of(), claims(alice, "access", now, c -> c.remove("exp"))));
        tokens.put("no_iat_access", sign(secret, "HS256", Map.of(), claims(alice, "access", now, c -> c.remove("iat"))));
        tokens.put("future_nbf_access", sign(secret, "HS256", Map.of(), claims(alice, "access", now,
                c -> c.put("nbf", now.plus(Duration.ofMinutes(10)).getEpochSecond()))));
        tokens.put("jku_access", sign(secret, "HS256", Map.of("jku", "https://keys.example/jwks.json"),
                claims(alice, "access", now, c -> { })));
        tokens.put("x5u_access", sign(secret, "HS256", Map.of("x5u", "https://keys.example/cert.pem"),
                claims(alice, "access", now, c -> { })));
        return tokens;
    }

    private static JwtIssuer issuer(String secret, Instant at) {
        return new JwtIssuer(SigningKeys.hmac(secret), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static TokenSettings withIssuer(TokenSettings s, String issuer) {
        return new TokenSettings(s.algorithm(), s.accessLifetime(), s.refreshLifetime(), s.rotateRefreshTokens(),
                s.blacklistAfterRotation(), issuer, s.audience(), s.leeway(), s.userClaims(), s.apiTokenLifetime(), s.cookies(),
                s.refreshReuseInterval());
    }

    /** The claims the gateway's own tokens carry, for {@code user}; {@code change} makes them odd. */
    private static Map<String, Object> claims(User user, String type, Instant now, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("token_type", type);
        claims.put("jti", JwtIssuer.newId());
        claims.put("fam", JwtIssuer.newId());
        claims.put("sub", user.id());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofMinutes(15)).getEpochSecond());
        claims.put("pwv", CredentialVersion.of(user));
        claims.put("iss", "portcullis");
        change.accept(claims);
        return claims;
    }

    private static String sign(String secret, String algorithm, Map<String, Object> extraHeader, Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", algorithm, "typ", "JWT"));
        header.putAll(extraHeader);
        String signingInput = BASE64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
        String mac = algorithm.equals("HS512") ? "HmacSHA512" : "HmacSHA256";
        try {
            Mac hmac = Mac.getInstance(mac);
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), mac));
            return signingInput + "." + BASE64URL.encodeToString(hmac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
