package io.portcullis.gateway.tokens;

import io.lettuce.core.cluster.SlotHash;
import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on Redis and its rotation script, against a real Redis; time passes on the server's clock. */
class RedisTokenStoreIntegrationTest extends TokenStoreContractTest {

    static final String PREFIX = RedisHarness.keyPrefix();
    static LettuceConnectionFactory factory;
    static ReactiveStringRedisTemplate redis;

    private final RedisTokenStore store = new RedisTokenStore(redis, PREFIX, Duration.ofSeconds(2), Clock.systemUTC());

    @BeforeAll
    static void connect() {
        factory = RedisConnection.factory(RedisHarness.shared().url(), Duration.ofSeconds(2));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    @Override
    TokenStore store() {
        return store;
    }

    /** Moves the rotation time the script wrote ({@code spent:<server ms>}) back by {@code by}. */
    @Override
    void age(String jti, String family, Duration by) {
        String key = refreshKey(jti, family);
        String state = redis.opsForValue().get(key).block();
        assertThat(state).startsWith("spent:");
        long rotatedAt = Long.parseLong(state.substring("spent:".length()));
        redis.opsForValue().set(key, "spent:" + (rotatedAt - by.toMillis()), Duration.ofMinutes(5)).block();
    }

    @Test
    void rotateWhenSpentBeforeReuseIntervalsExistedThenNeverGraced() {
        redis.opsForValue().set(refreshKey(jti, family), "spent", Duration.ofMinutes(5)).block();

        assertThat(rotate(jti, INTERVAL)).isEqualTo(Rotation.REUSED);
    }

    @Test
    void rotateWhenRotatedThenTheStateKeepsTheTokensExpiry() {
        rotate(jti, INTERVAL);

        Duration ttl = redis.getExpire(refreshKey(jti, family)).block();
        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
    }

    @Test
    void aRefreshTokensStateAndItsFamilysRevocationShareOneClusterSlotWhateverBracesThePrefixHolds() {
        String prefix = "odd{" + PREFIX;
        RedisTokenStore odd = new RedisTokenStore(redis, prefix, Duration.ofSeconds(2), Clock.systemUTC());
        Instant expiry = Instant.now().plus(Duration.ofDays(1));
        odd.rotate(jti, family, expiry, expiry, Duration.ZERO).block();
        odd.rotate(jti, family, expiry, expiry, Duration.ZERO).block(); // reuse: revokes the family

        List<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").build()).collectList().block();

        assertThat(keys).hasSize(2);
        assertThat(keys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
    }

    private static String refreshKey(String jti, String family) {
        return PREFIX + "fam:{" + family + "}:rt:" + jti;
    }
}
