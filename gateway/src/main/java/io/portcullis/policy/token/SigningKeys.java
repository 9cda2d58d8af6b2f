package io.portcullis.policy.token;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The keys JWTs are signed and verified with, for one algorithm. With an HMAC secret the {@code kid} header is never
 * used to find a key (DESIGN.md); with key files it names one of them and nothing else. RS256 and ES256 keys verify
 * with their public halves, which {@link #publicJwks()} publishes.
 */
public final class SigningKeys {

    public static final int MIN_SECRET_BYTES = 32;

    private final String algorithm;
    private final String signingKid;
    private final Key signingKey;
    private final Map<String, Key> verificationKeys;
    private final boolean kidSelectsKey;
    private final Map<String, Object> publicJwks;

    private SigningKeys(String algorithm, String signingKid, Key signingKey, Map<String, Key> verificationKeys,
                        boolean kidSelectsKey) {
        this.algorithm = algorithm;
        this.signingKid = signingKid;
        this.signingKey = signingKey;
        this.verificationKeys = Map.copyOf(verificationKeys);
        this.kidSelectsKey = kidSelectsKey;
        this.publicJwks = jwks();
    }

    /** HS256 with a shared secret of at least 32 bytes (RFC 7518 section 3.2). */
    public static SigningKeys hmac(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new SigningKeyException("PORTCULLIS_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256, got " + secret.length);
        }
        Key key = new SecretKeySpec(secret, "HmacSHA256");
        return new SigningKeys("HS256", "hs256", key, Map.of("hs256", key), false);
    }

    public static SigningKeys hmac(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A random HS256 key that lives as long as the process: tokens die with it. */
    public static SigningKeys ephemeral() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return hmac(secret);
    }

    /**
     * RS256 or ES256 keys from {@code dir}, one {@code <kid>.pem} private key per file, as they are now (the gateway
     * reads the directory again when it changes, and swaps the whole set). For
     * rotation, the key with the greatest kid (String order: name keys by date, as {@code 2025-06-01.pem}) signs, and
     * every key verifies the tokens whose {@code kid} names it. Every instance reading the same files agrees on the
     * signing key, which file times would not promise.
     *
     * @throws SigningKeyException naming the directory or the file, when any key cannot be used
     */
    public static SigningKeys fromDirectory(Path dir, String algorithm) {
        requireAsymmetric(algorithm);
        return asymmetric(algorithm, KeyDirectory.load(dir, algorithm));
    }

    /** A random key of {@code algorithm} that lives as long as the process: tokens die with it. */
    public static SigningKeys ephemeral(String algorithm) {
        if (algorithm.equals("HS256")) {
            return ephemeral();
        }
        requireAsymmetric(algorithm);
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        SortedMap<String, KeyPair> keys = new TreeMap<>();
        keys.put("ephemeral-" + HexFormat.of().formatHex(id), EphemeralKeys.generate(algorithm));
        return asymmetric(algorithm, keys);
    }

    private static SigningKeys asymmetric(String algorithm, SortedMap<String, KeyPair> keys) {
        Map<String, Key> verification = new TreeMap<>();
        keys.forEach((kid, pair) -> verification.put(kid, pair.getPublic()));
        String newest = keys.lastKey();
        return new SigningKeys(algorithm, newest, keys.get(newest).getPrivate(), verification, true);
    }

    private static void requireAsymmetric(String algorithm) {
        if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
            throw new SigningKeyException("key files are for RS256 or ES256, not " + algorithm);
        }
    }

    /**
     * The public keys as a JWK Set (RFC 7517 section 5), ready to be written as JSON: {@code {"keys":[...]}}, sorted by
     * kid, with public members only. Empty for HS256: a shared secret is never published.
     */
    public Map<String, Object> publicJwks() {
        return publicJwks;
    }

    private Map<String, Object> jwks() {
        List<Map<String, Object>> jwks = new ArrayList<>();
        if (kidSelectsKey) {
            new TreeMap<>(verificationKeys).forEach((kid, key) ->
                    jwks.add(Jwk.of(kid, algorithm, (PublicKey) key)));
        }
        return Map.of("keys", List.copyOf(jwks));
    }

    /** The kids that verify, sorted; the signing kid is the last. */
    public List<String> kids() {
        return List.copyOf(new TreeMap<>(verificationKeys).keySet());
    }

    public String algorithm() {
        return algorithm;
    }

    public String signingKid() {
        return signingKid;
    }

    Key signingKey() {
        return signingKey;
    }

    /**
     * Signs with exactly the configured algorithm. jjwt's {@code signWith(key)} alone picks by key size, so a 3072- or
     * 4096-bit RSA key would sign RS384 or RS512, which the verifier (rightly) refuses.
     */
    JwtBuilder sign(JwtBuilder builder) {
        return switch (algorithm) {
            case "HS256" -> builder.signWith((SecretKey) signingKey, Jwts.SIG.HS256);
            case "RS256" -> builder.signWith((PrivateKey) signingKey, Jwts.SIG.RS256);
            case "ES256" -> builder.signWith((PrivateKey) signingKey, Jwts.SIG.ES256);
            default -> throw new IllegalStateException("no signature algorithm " + algorithm);
        };
    }

    /** The key that verifies a token whose header names {@code kid} (may be null). */
    Optional<Key> verificationKey(String kid) {
        if (!kidSelectsKey) {
            return Optional.of(signingKey);
        }
        return kid == null ? Optional.empty() : Optional.ofNullable(verificationKeys.get(kid));
    }

    @Override
    public String toString() {
        return "SigningKeys[" + algorithm + ", kids=" + kids() + "]";
    }
}
