package io.portcullis.policy.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.SecurityException;
import io.portcullis.policy.model.TokenSettings;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Verifies SimpleJWT-shaped tokens: strict unpadded base64url segments, only the configured algorithm, signature,
 * {@code exp}/{@code nbf}/{@code iat} with leeway, {@code iss}/{@code aud} when configured, and the expected
 * {@code token_type}. Build once per policy.
 */
public final class JwtVerifier {

    /** Longer tokens are refused before any parsing work (a flood of huge tokens costs nothing). */
    public static final int MAX_TOKEN_LENGTH = 8192;
    static final Set<String> RESERVED_CLAIMS = Set.of("token_type", "jti", "sub", "iat", "exp", "nbf", "iss", "aud",
            CredentialVersion.CLAIM, JwtIssuer.FAMILY_CLAIM);
    private static final Set<String> UNTRUSTED_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");

    private final JwtParser parser;
    private final Clock clock;
    private final long leewaySeconds;
    private final VerifiedTokenCache<VerifiedToken> verified;

    /** With a cache of {@link VerifiedTokenCache#DEFAULT_SIZE} verified tokens. */
    public JwtVerifier(SigningKeys keys, TokenSettings settings, Clock clock) {
        this(keys, settings, clock, VerifiedTokenCache.DEFAULT_SIZE);
    }

    /** {@code cacheSize} 0: every call parses the token and checks its signature. */
    public JwtVerifier(SigningKeys keys, TokenSettings settings, Clock clock, int cacheSize) {
        this.clock = clock;
        this.leewaySeconds = settings.leeway().toSeconds();
        this.verified = cacheSize > 0 ? new VerifiedTokenCache<>(cacheSize, clock, settings.leeway(), VerifiedToken::expiresAt) : null;
        JwtParserBuilder builder = Jwts.parser()
                .json(new StrictJson())
                .keyLocator(new KeyLocator(keys))
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(leewaySeconds);
        if (settings.issuer() != null) {
            builder.requireIssuer(settings.issuer());
        }
        if (settings.audience() != null) {
            builder.requireAudience(settings.audience());
        }
        this.parser = builder.build();
    }

    /** A valid token of the {@code expected} type, else {@link InvalidTokenException}. */
    public VerifiedToken verify(String token, TokenType expected) throws InvalidTokenException {
        VerifiedToken verified = verify(token);
        if (verified.type() != expected) {
            throw new InvalidTokenException("token_wrong_type");
        }
        return verified;
    }

    /** A valid token of either type (SimpleJWT's verify endpoint), else {@link InvalidTokenException}. */
    public VerifiedToken verify(String token) throws InvalidTokenException {
        CompactJws.requireReadable(token);
        if (verified == null) {
            return verifyUncached(token);
        }
        // Signature, type and iat/nbf hold for good once checked; only exp can change, and the cache checks it.
        VerifiedToken known = verified.get(token);
        if (known == null) {
            known = verifyUncached(token);
            verified.put(token, known);
        }
        return known;
    }

    /** Tests: how many verified tokens are remembered. */
    long cachedTokens() {
        return verified == null ? 0 : verified.size();
    }

    private VerifiedToken verifyUncached(String token) throws InvalidTokenException {
        Claims claims = parse(token);
        TokenType type = typeOf(claims.get("token_type"));
        Instant issuedAt = instant(claims, "iat");
        Instant expiresAt = instant(claims, "exp");
        if (issuedAt.isAfter(clock.instant().plusSeconds(leewaySeconds))) {
            throw new InvalidTokenException("token_issued_in_future");
        }
        String subject = claims.getSubject();
        String jti = claims.getId();
        if (subject == null || subject.isEmpty() || jti == null || jti.isEmpty()) {
            throw new InvalidTokenException("token_missing_claim");
        }
        Object version = claims.get(CredentialVersion.CLAIM);
        Object family = claims.get(JwtIssuer.FAMILY_CLAIM);
        return new VerifiedToken(type, subject, jti, issuedAt, expiresAt, version instanceof String s ? s : null,
                family instanceof String f ? f : jti);
    }

    private Claims parse(String token) throws InvalidTokenException {
        try {
            return parser.parseSignedClaims(token).getPayload();
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            throw JwtRefusals.invalid(e);
        }
    }

    private static TokenType typeOf(Object claim) throws InvalidTokenException {
        for (TokenType type : TokenType.values()) {
            if (type.claim().equals(claim)) {
                return type;
            }
        }
        throw new InvalidTokenException("token_wrong_type");
    }

    private static Instant instant(Claims claims, String name) throws InvalidTokenException {
        Object value = claims.get(name);
        if (!(value instanceof Number)) {
            throw new InvalidTokenException("token_missing_claim");
        }
        return Instant.ofEpochSecond(((Number) value).longValue());
    }

    /** Accepts only the configured algorithm and never follows a URL or embedded key in the header. */
    private static final class KeyLocator extends LocatorAdapter<Key> {
        private final SigningKeys keys;

        KeyLocator(SigningKeys keys) {
            this.keys = keys;
        }

        @Override
        protected Key locate(JwsHeader header) {
            if (!keys.algorithm().equals(header.getAlgorithm())) {
                throw new UnexpectedHeaderException("algorithm");
            }
            for (String name : UNTRUSTED_HEADERS) {
                if (header.containsKey(name)) {
                    throw new UnexpectedHeaderException(name);
                }
            }
            return keys.verificationKey(header.getKeyId()).orElseThrow(() -> new UnexpectedHeaderException("kid"));
        }

        @Override
        protected Key doLocate(Header header) {
            throw new UnexpectedHeaderException("unsecured");
        }
    }

    private static final class UnexpectedHeaderException extends SecurityException {
        UnexpectedHeaderException(String what) {
            super("unexpected JWT header: " + what);
        }
    }
}
