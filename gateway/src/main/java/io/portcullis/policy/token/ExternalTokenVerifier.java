package io.portcullis.policy.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.SecurityException;
import io.portcullis.policy.model.Issuer;

import javax.crypto.SecretKey;
import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the JWTs of one external issuer with that issuer's algorithms and keys alone (DESIGN.md "External token
 * issuers"): the header's {@code alg} must be one the issuer lists and the key its {@link IssuerKeys} returns for that
 * kid and alg, of the matching kind (an RSA public key is never an HMAC secret); {@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c} and {@code crit} are refused. Then {@code iss} as the issuer says, {@code exp} (required), {@code nbf},
 * {@code iat} and {@code aud} with the leeway, {@code token_type} (when present) {@code access}, and the user claim a
 * JSON string or integer. Build once per issuer and policy; its cache holds this issuer's tokens only.
 */
public final class ExternalTokenVerifier {

    /** The token named a kid its issuer does not have (yet): worth one {@link IssuerKeys#refreshForUnknownKid()}. */
    public static final String UNKNOWN_KID = "token_unknown_kid";
    private static final Set<String> UNTRUSTED_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");

    /** What a cached verification depended on: the key must still be the issuer's for the token to stay accepted. */
    private record Verified(ExternalToken token, String kid, String algorithm, Key key) {
    }

    private final Issuer issuer;
    private final IssuerKeys keys;
    private final Clock clock;
    private final long leewaySeconds;
    private final JwtParser parser;
    private final VerifiedTokenCache<Verified> verified;
    /** The key the locator chose for the verification running on this thread. */
    private final ThreadLocal<Key> located = new ThreadLocal<>();

    public ExternalTokenVerifier(Issuer issuer, IssuerKeys keys, Duration leeway, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.clock = clock;
        this.leewaySeconds = leeway.toSeconds();
        this.verified = new VerifiedTokenCache<>(VerifiedTokenCache.DEFAULT_SIZE, clock, leeway,
                v -> v.token().expiresAt());
        JwtParserBuilder builder = Jwts.parser()
                .json(new ExternalClaimsJson())
                .keyLocator(new KeyLocator())
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(leewaySeconds);
        if (issuer.audience() != null) {
            builder.requireAudience(issuer.audience());
        }
        this.parser = builder.build();
    }

    public Issuer issuer() {
        return issuer;
    }

    public IssuerKeys keys() {
        return keys;
    }

    /**
     * The verified token, else {@link InvalidTokenException} (reason {@link #UNKNOWN_KID} when no key of this issuer
     * has the token's kid), or {@link IssuerUnavailableException} while this issuer's keys were never obtained.
     */
    public ExternalToken verify(String token) throws InvalidTokenException, IssuerUnavailableException {
        CompactJws.requireReadable(token);
        Verified known = verified.get(token);
        if (known != null && keys.find(known.kid(), known.algorithm()).filter(known.key()::equals).isPresent()) {
            return known.token();
        }
        Verified fresh = verifyUncached(token);
        verified.put(token, fresh);
        return fresh.token();
    }

    private Verified verifyUncached(String token) throws InvalidTokenException, IssuerUnavailableException {
        Jws<Claims> jws = parse(token);
        Claims claims = jws.getPayload();
        if (!Objects.equals(claims.getIssuer(), issuer.issuer())) {
            throw new InvalidTokenException("token_wrong_iss");
        }
        Date expiration = claims.getExpiration();
        if (expiration == null) {
            throw new InvalidTokenException("token_missing_claim");
        }
        Date issuedAt = claims.getIssuedAt();
        if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant().plusSeconds(leewaySeconds))) {
            throw new InvalidTokenException("token_issued_in_future");
        }
        Object type = claims.get("token_type");
        if (type != null && !TokenType.ACCESS.claim().equals(type)) {
            throw new InvalidTokenException("token_wrong_type");
        }
        ExternalToken external = new ExternalToken(issuer.id(), userId(claims.get(issuer.userClaim())), claims,
                expiration.toInstant());
        JwsHeader header = jws.getHeader();
        return new Verified(external, header.getKeyId(), header.getAlgorithm(), located.get());
    }

    /** SimpleJWT writes Django's integer ids as JSON integers; a string is taken as it is; nothing else names a user. */
    private static String userId(Object claim) throws InvalidTokenException {
        if (claim instanceof String id && !id.isEmpty()) {
            return id;
        }
        if (claim instanceof Integer || claim instanceof Long || claim instanceof BigInteger) {
            return claim.toString();
        }
        throw new InvalidTokenException("token_no_user_id");
    }

    private Jws<Claims> parse(String token) throws InvalidTokenException, IssuerUnavailableException {
        located.remove();
        try {
            return parser.parseSignedClaims(token);
        } catch (KeyUnavailable e) {
            throw e.cause;
        } catch (UnknownKid e) {
            throw new InvalidTokenException(UNKNOWN_KID);
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            throw JwtRefusals.invalid(e);
        }
    }

    /** This issuer's algorithms and keys only; never a URL or a key carried by the token itself. */
    private final class KeyLocator extends LocatorAdapter<Key> {

        @Override
        protected Key locate(JwsHeader header) {
            String algorithm = header.getAlgorithm();
            if (!issuer.algorithms().contains(algorithm)) {
                throw new Refused("algorithm");
            }
            for (String name : UNTRUSTED_HEADERS) {
                if (header.containsKey(name)) {
                    throw new Refused(name);
                }
            }
            Optional<Key> key;
            try {
                key = keys.find(header.getKeyId(), algorithm);
            } catch (IssuerUnavailableException e) {
                throw new KeyUnavailable(e);
            }
            Key found = key.orElseThrow(UnknownKid::new);
            if (!fits(found, algorithm)) {
                throw new Refused("key type");
            }
            located.set(found);
            return found;
        }

        @Override
        protected Key doLocate(Header header) {
            throw new Refused("unsecured");
        }
    }

    /** HS256 needs a secret, RSxxx and PSxxx an RSA public key, ESxxx an EC public key: a key is never used as another kind. */
    static boolean fits(Key key, String algorithm) {
        return switch (algorithm.substring(0, 2)) {
            case "HS" -> key instanceof SecretKey;
            case "RS", "PS" -> key instanceof RSAPublicKey;
            case "ES" -> key instanceof ECPublicKey;
            default -> false;
        };
    }

    private static final class Refused extends SecurityException {
        Refused(String what) {
            super("unexpected JWT header: " + what);
        }
    }

    private static final class UnknownKid extends SecurityException {
        UnknownKid() {
            super("unknown kid");
        }
    }

    private static final class KeyUnavailable extends SecurityException {
        private final IssuerUnavailableException cause;

        KeyUnavailable(IssuerUnavailableException cause) {
            super("issuer keys unavailable");
            this.cause = cause;
        }
    }
}
