package io.portcullis.gateway.throttle;

import io.lettuce.core.cluster.SlotHash;
import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.rate.ThrottleKey;
import io.portcullis.policy.rate.ThrottleScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on the Redis limiter and its Lua script, against a real Redis; plus the server-clock path and TTLs. */
class RedisRateLimiterIntegrationTest extends RateLimiterContractTest {

    static final String PREFIX = RedisHarness.keyPrefix();
    static LettuceConnectionFactory factory;
    static ReactiveStringRedisTemplate redis;

    @BeforeAll
    static void connect() {
        factory = connect(RedisHarness.shared().url());
        redis = new ReactiveStringRedisTemplate(factory);
    }

    static LettuceConnectionFactory connect(String url) {
        LettuceConnectionFactory connection = RedisConnection.factory(url, Duration.ofSeconds(2));
        connection.afterPropertiesSet();
        connection.start();
        return connection;
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    private final RedisRateLimiter limiter = RedisRateLimiter.withTestClock(redis, PREFIX, now::get);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Test
    void serverClockWhenThePeriodHasPassedThenAdmitsAgain() throws InterruptedException {
        RedisRateLimiter serverClock = new RedisRateLimiter(redis, PREFIX);
        String key = freshKey();
        Rate twoPerSecond = new Rate(2, Duration.ofSeconds(1));
        serverClock.acquire(key, twoPerSecond).block();
        serverClock.acquire(key, twoPerSecond).block();
        RateDecision refused = serverClock.acquire(key, twoPerSecond).block();

        Thread.sleep(1_050);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.waitSeconds()).isEqualTo(1);
        assertThat(serverClock.acquire(key, twoPerSecond).block().allowed()).isTrue();
    }

    @Test
    void acquireWhenKeysAreWrittenThenEachHasATtlOfAtMostThePeriodPlusSlack() {
        RedisRateLimiter serverClock = new RedisRateLimiter(redis, PREFIX);
        String scope = "ttl" + System.nanoTime();
        serverClock.acquire(List.of(
                new ThrottleKey("a", scope, "a", new Rate(3, Duration.ofMinutes(1))),
                new ThrottleKey("b", scope, "b", new Rate(3, Duration.ofHours(1))))).block();

        List<String> keys = redis.scan(ScanOptions.scanOptions().match(PREFIX + "throttle:{" + scope + "}:*").build())
                .collectList().block();

        assertThat(keys).hasSize(2);
        assertThat(pttl(PREFIX + "throttle:{" + scope + "}:a")).isBetween(1L, 60_000L + RedisRateLimiter.TTL_SLACK_MILLIS);
        assertThat(pttl(PREFIX + "throttle:{" + scope + "}:b")).isBetween(60_001L, 3_600_000L + RedisRateLimiter.TTL_SLACK_MILLIS);
    }

    @Test
    void allCountersOfOneRequestAreWrittenToOneClusterSlotWhateverBracesThePrefixHolds() {
        String prefix = "odd{" + PREFIX;
        String subject = "u:{" + freshKey();
        RedisRateLimiter odd = RedisRateLimiter.withTestClock(redis, prefix, now::get);
        odd.acquire(ThrottleScope.keys(List.of("anon", "user", "burst"), Map.of("user", FIVE_PER_MINUTE, "burst",
                FIVE_PER_MINUTE), new Identity(subject, "alice", List.of(), false, "jwt", Map.of()), "198.51.100.9")).block();

        List<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").build()).collectList().block();

        assertThat(keys).hasSize(2);
        assertThat(keys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
    }

    @Test
    void acquireWhenCountersCountSeveralSubjectsThenRefusedBecauseNoClusterCouldCheckThemAtomically() {
        List<ThrottleKey> mixed = List.of(new ThrottleKey("user", "u:1", "user:u:1", FIVE_PER_MINUTE),
                new ThrottleKey("user", "u:2", "user:u:2", FIVE_PER_MINUTE));

        assertThatThrownBy(() -> limiter.acquire(mixed).block()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acquireWhenRedisHasForgottenTheScriptThenItIsSentAgainInFull() {
        RedisHarness own = RedisHarness.startPrivate();
        LettuceConnectionFactory connection = connect(own.url());
        try {
            ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(connection);
            RedisRateLimiter serverClock = new RedisRateLimiter(template, PREFIX);
            String key = freshKey();
            serverClock.acquire(key, FIVE_PER_MINUTE).block();
            template.execute(c -> c.scriptingCommands().scriptFlush()).blockLast();

            RateDecision second = serverClock.acquire(key, FIVE_PER_MINUTE).block();

            assertThat(second.remaining()).isEqualTo(3);
        } finally {
            connection.destroy();
            own.stop();
        }
    }

    @Test
    void acquireOfSeveralKeysIsOneScriptCallByShaPerRequest() {
        RedisHarness own = RedisHarness.startPrivate();
        LettuceConnectionFactory connection = connect(own.url());
        try {
            ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(connection);
            RedisRateLimiter serverClock = new RedisRateLimiter(template, PREFIX);
            List<ThrottleKey> keys = List.of(new ThrottleKey("anon", "ip:x", "anon:ip:x", FIVE_PER_MINUTE),
                    new ThrottleKey("user", "ip:x", "user:ip:x", FIVE_PER_MINUTE),
                    new ThrottleKey("burst", "ip:x", "burst:ip:x", FIVE_PER_MINUTE));
            serverClock.acquire(keys).block();
            Properties before = commandStats(template);

            for (int i = 0; i < 10; i++) {
                serverClock.acquire(keys).block();
            }

            Properties after = commandStats(template);
            assertThat(calls(after, "evalsha") - calls(before, "evalsha")).isEqualTo(10);
            assertThat(calls(after, "eval") - calls(before, "eval")).isZero();
        } finally {
            connection.destroy();
            own.stop();
        }
    }

    private static long pttl(String key) {
        return redis.execute(c -> c.keyCommands().pTtl(java.nio.ByteBuffer.wrap(key.getBytes()))).blockLast();
    }

    private static Properties commandStats(ReactiveStringRedisTemplate template) {
        return template.execute(c -> c.serverCommands().info("commandstats")).blockLast();
    }

    private static long calls(Properties stats, String command) {
        String line = stats.getProperty("cmdstat_" + command);
        if (line == null) {
            return 0;
        }
        String calls = line.substring(line.indexOf("calls=") + 6);
        return Long.parseLong(calls.substring(0, calls.indexOf(',')));
    }
}
