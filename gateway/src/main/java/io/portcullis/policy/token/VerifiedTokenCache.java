package io.portcullis.policy.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Tokens already verified, so a client that sends the same JWT on every request pays for parsing and the signature
 * once. Keyed by the token's SHA-256 (the token text is never kept); bounded in size; an entry lives until the token
 * expires (plus leeway) and no longer, checked again on every hit against the verifier's clock. Only successes are
 * kept, so a flood of invalid tokens can neither fill it nor be answered from it. {@code T} is what a verifier
 * remembers of a token; each verifier has a cache of its own, so one issuer's result never answers for another's.
 */
final class VerifiedTokenCache<T> {

    /** Distinct live tokens remembered; beyond this the least valuable entries are evicted. */
    static final int DEFAULT_SIZE = 10_000;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    });

    /** A SHA-256 digest as four longs: cheap equality and hashing, no copy of the token. */
    private record Digest(long a, long b, long c, long d) {
        static Digest of(String token) {
            MessageDigest sha = SHA256.get();
            ByteBuffer hash = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
        }
    }

    private final Cache<Digest, T> entries;
    private final Clock clock;
    private final long leewaySeconds;
    private final Function<T, Instant> expiresAt;

    VerifiedTokenCache(int maximumSize, Clock clock, Duration leeway, Function<T, Instant> expiresAt) {
        this.clock = clock;
        this.leewaySeconds = leeway.toSeconds();
        this.expiresAt = expiresAt;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<Digest, T>creating((digest, token) -> lifetime(token)))
                .build();
    }

    /** The token verified earlier and still unexpired, else null. */
    T get(String token) {
        T verified = entries.getIfPresent(Digest.of(token));
        // As jjwt: valid up to and including exp + leeway.
        return verified != null && !clock.instant().isAfter(deadline(verified)) ? verified : null;
    }

    void put(String token, T verified) {
        if (!lifetime(verified).isNegative()) {
            entries.put(Digest.of(token), verified);
        }
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private Instant deadline(T token) {
        return expiresAt.apply(token).plusSeconds(leewaySeconds);
    }

    private Duration lifetime(T token) {
        return Duration.between(clock.instant(), deadline(token));
    }
}
