package io.portcullis.gateway.users;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.policy.model.User;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.function.Function;

/**
 * Any store, with each user found reused for {@code expiry} (DESIGN.md: the longest a change in the database takes to
 * apply). Concurrent misses for one key share one look-up; failures and "no such user" are not kept, so a new user or a
 * recovered database is seen at once. Token keys are kept only as hashes.
 */
final class CachedUserStore implements UserStore {

    static final long MAX_ENTRIES = 10_000;

    private record Key(char kind, String value) {
    }

    private final UserStore source;
    private final AsyncCache<Key, User> cache;

    CachedUserStore(UserStore source, Duration expiry) {
        this.source = source;
        this.cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(expiry).buildAsync();
    }

    @Override
    public Mono<User> byUsername(String username) {
        return cached(new Key('u', username), source::byUsername, username);
    }

    @Override
    public Mono<User> byId(String id) {
        return cached(new Key('i', id), source::byId, id);
    }

    @Override
    public Mono<User> byToken(String key) {
        return cached(new Key('t', OpaqueKeys.sha256(key)), source::byToken, key);
    }

    @Override
    public PasswordFormat passwordFormat() {
        return source.passwordFormat();
    }

    private Mono<User> cached(Key key, Function<String, Mono<User>> lookup, String value) {
        var present = cache.getIfPresent(key);
        if (present != null && present.isDone() && !present.isCompletedExceptionally()) {
            return Mono.justOrEmpty(present.getNow(null)); // a warm entry: no scheduling, no database
        }
        // suppressCancel: one caller giving up must not cancel the look-up the others wait for
        return Mono.fromFuture(() -> cache.get(key, (k, executor) -> lookup.apply(value).toFuture()), true);
    }
}
