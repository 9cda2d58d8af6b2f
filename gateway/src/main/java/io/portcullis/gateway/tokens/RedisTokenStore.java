package io.portcullis.gateway.tokens;

import io.portcullis.gateway.store.LuaScripts;
import io.portcullis.gateway.store.StoreBreaker;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Token state in Redis, shared by every instance. A refresh token's key and its family's begin with the same hash-tagged
 * text ({@code fam:{family}}), so they share a cluster slot and a rotation stays one atomic script on a Redis Cluster;
 * every key has a TTL ending when its credential would have expired. Every call has a deadline and goes
 * through the connection's breaker: while it is open, calls fail at once (503 {@code store_unavailable}) instead of
 * each waiting out the deadline.
 */
public final class RedisTokenStore implements TokenStore {

    private static final RedisScript<String> ROTATE = LuaScripts.load("scripts/refresh_rotate.lua", String.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration deadline;
    private final StoreBreaker breaker;
    private final Clock clock;

    /** Without a breaker: one-shot use (the CLI), where a failing Redis just fails the command. */
    public RedisTokenStore(ReactiveStringRedisTemplate redis, String prefix, Duration deadline, Clock clock) {
        this(redis, prefix, deadline, StoreBreaker.disabled(), clock);
    }

    public RedisTokenStore(ReactiveStringRedisTemplate redis, String prefix, Duration deadline, StoreBreaker breaker,
                           Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.deadline = deadline;
        this.breaker = breaker;
        this.clock = clock;
    }

    @Override
    public Mono<Rotation> rotate(String jti, String family, Instant expiresAt, Instant familyExpiresAt, Duration reuseInterval) {
        List<String> keys = List.of(refreshKey(family, jti), familyKey(family));
        List<String> args = List.of(Long.toString(millisUntil(expiresAt)), Long.toString(millisUntil(familyExpiresAt)),
                Long.toString(reuseInterval.toMillis()));
        return guard("rotate", redis.execute(ROTATE, keys, args).next().map(Rotation::valueOf));
    }

    @Override
    public Mono<Boolean> usable(String jti, String family) {
        return guard("usable", redis.countExistingKeys(List.of(refreshKey(family, jti), familyKey(family)))
                .map(count -> count == 0));
    }

    @Override
    public Mono<Void> revoke(String jti, Instant expiresAt, String family, Instant familyExpiresAt) {
        Mono<Boolean> token = redis.opsForValue().set(refreshKey(family, jti), "revoked", Duration.ofMillis(millisUntil(expiresAt)));
        Mono<Boolean> fam = redis.opsForValue().set(familyKey(family), "revoked", Duration.ofMillis(millisUntil(familyExpiresAt)));
        return guard("revoke", Mono.when(token, fam));
    }

    @Override
    public Mono<Void> saveOpaque(String keyHash, OpaqueToken token) {
        String value = JSON.writeValueAsString(token);
        Mono<Boolean> saved = token.expiresAt() == null
                ? redis.opsForValue().set(opaqueKey(keyHash), value)
                : redis.opsForValue().set(opaqueKey(keyHash), value, Duration.ofMillis(millisUntil(token.expiresAt())));
        Mono<Long> indexed = redis.opsForSet().add(userKey(token.userId()), keyHash);
        // The per-user index outlives none of its tokens: each new token with a lifetime pushes its expiry out.
        Mono<Boolean> indexExpiry = token.expiresAt() == null ? Mono.just(true)
                : redis.expire(userKey(token.userId()), Duration.ofMillis(millisUntil(token.expiresAt())));
        return guard("saveOpaque", saved.then(indexed).then(indexExpiry)).then();
    }

    @Override
    public Mono<OpaqueToken> findOpaque(String keyHash) {
        return guard("findOpaque", redis.opsForValue().get(opaqueKey(keyHash))
                .map(json -> JSON.readValue(json, OpaqueToken.class)));
    }

    @Override
    public Mono<Boolean> deleteOpaque(String keyHash) {
        Mono<Boolean> deleted = redis.opsForValue().getAndDelete(opaqueKey(keyHash))
                .flatMap(json -> redis.opsForSet().remove(userKey(JSON.readValue(json, OpaqueToken.class).userId()), keyHash)
                        .thenReturn(true))
                .defaultIfEmpty(false);
        return guard("deleteOpaque", deleted);
    }

    @Override
    public Mono<Long> deleteAllOpaque(String userId) {
        Flux<String> hashes = redis.opsForSet().members(userKey(userId));
        Mono<Long> deleted = hashes.map(this::opaqueKey).collectList()
                .flatMap(keys -> keys.isEmpty() ? Mono.just(0L) : redis.delete(keys.toArray(String[]::new)))
                .flatMap(count -> redis.delete(userKey(userId)).thenReturn(count));
        return guard("deleteAllOpaque", deleted);
    }

    private <T> Mono<T> guard(String what, Mono<T> call) {
        return breaker.call(call, deadline)
                .onErrorMap(e -> !(e instanceof StoreUnavailableException), e -> new StoreUnavailableException("redis " + what, e));
    }

    private long millisUntil(Instant instant) {
        return Math.max(1, Duration.between(clock.instant(), instant).toMillis());
    }

    private String refreshKey(String family, String jti) {
        return familyKey(family) + ":rt:" + jti;
    }

    private String familyKey(String family) {
        return prefix + "fam:{" + family + "}";
    }

    private String opaqueKey(String keyHash) {
        return prefix + "ot:" + keyHash;
    }

    private String userKey(String userId) {
        return prefix + "otu:" + userId;
    }
}
