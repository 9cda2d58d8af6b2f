package io.portcullis.gateway.throttle;

import io.portcullis.gateway.store.LuaScripts;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.ThrottleKey;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The distributed limiter: one Lua script ({@code scripts/throttle_sliding_log.lua}) evaluates every key of a request
 * in one round trip, atomically, on the Redis server clock so that every gateway instance agrees on the window. The
 * script is sent by SHA ({@code EVALSHA}), and in full only when Redis answers {@code NOSCRIPT} (its first use on a
 * server, or after a restart).
 * Each key is a list of at most {@code count} times and expires one period (plus slack) after its newest request.
 *
 * <p>Keys are hash-tagged by their {@link ThrottleKey#subject()} ({@code throttle:{u:42}:user:u:42}), so on a Redis
 * Cluster all the counters of one request (every scope of a route, or both login counters) are in one slot and the
 * script stays one atomic call. The subject rather than the route or the scope: a counter must hash the same way on
 * every request that touches it, and the subject is the one thing all of a request's counters share. The price is
 * that one busy user or client address loads a single shard with all its scopes, as its one counter would anyway.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final RedisScript<List> SCRIPT = LuaScripts.load("scripts/throttle_sliding_log.lua", List.class);
    /** Extra TTL beyond the period, so a key never expires while its newest request still counts. */
    static final long TTL_SLACK_MILLIS = 1_000;

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final LongSupplier testClock;

    /** Production: the Redis server's clock ({@code TIME}). */
    public RedisRateLimiter(ReactiveStringRedisTemplate redis, String prefix) {
        this(redis, prefix, null);
    }

    private RedisRateLimiter(ReactiveStringRedisTemplate redis, String prefix, LongSupplier testClock) {
        this.redis = redis;
        this.prefix = prefix;
        this.testClock = testClock;
    }

    /** Tests only: times (ms) come from {@code millis} instead of the server, to replay exact timelines. */
    static RedisRateLimiter withTestClock(ReactiveStringRedisTemplate redis, String prefix, LongSupplier millis) {
        return new RedisRateLimiter(redis, prefix, millis);
    }

    @Override
    public Mono<List<RateDecision>> acquire(List<ThrottleKey> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        String subject = keys.get(0).subject();
        if (keys.stream().anyMatch(key -> !key.subject().equals(subject))) {
            // One call, one slot: counters of several subjects could not be checked atomically on a cluster.
            return Mono.error(new IllegalArgumentException("the counters of one request must count one subject"));
        }
        List<String> redisKeys = new ArrayList<>(keys.size());
        List<String> args = new ArrayList<>(2 + 2 * keys.size());
        args.add(testClock == null ? "" : Long.toString(testClock.getAsLong()));
        args.add(Long.toString(TTL_SLACK_MILLIS));
        for (ThrottleKey key : keys) {
            redisKeys.add(redisKey(key));
            args.add(Integer.toString(key.rate().count()));
            args.add(Long.toString(key.rate().period().toMillis()));
        }
        // Emits on the Redis connection's event loop: callers on a request bring the work back to its loop (RequestThread).
        return redis.execute(SCRIPT, redisKeys, args).next()
                .map(reply -> decisions(keys, reply));
    }

    /**
     * The Redis key of a counter: the store prefix, {@code throttle:}, the subject as hash tag, then the scope's key.
     * Every key of one subject begins with the same text up to and including its tag's closing brace, so its keys
     * share a slot whatever braces the prefix or the subject may hold.
     */
    public String redisKey(ThrottleKey key) {
        return prefix + "throttle:{" + key.subject() + "}:" + key.key();
    }

    private static List<RateDecision> decisions(List<ThrottleKey> keys, List<?> reply) {
        if (reply.size() != 1 + 3 * keys.size()) {
            throw new IllegalStateException("unexpected throttle script reply of " + reply.size() + " values");
        }
        boolean allowed = number(reply, 0) == 1;
        List<RateDecision> decisions = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            int count = keys.get(i).rate().count();
            int remaining = (int) number(reply, 1 + 3 * i);
            long reset = number(reply, 2 + 3 * i);
            long wait = number(reply, 3 + 3 * i);
            decisions.add(allowed || wait <= 0 ? RateDecision.admitted(count, remaining, reset)
                    : RateDecision.refused(count, reset, wait));
        }
        return decisions;
    }

    private static long number(List<?> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }
}
