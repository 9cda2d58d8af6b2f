package io.portcullis.gateway.users;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.policy.model.User;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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

    /**
     * A look-up's outcome: the user, or the failure every caller waiting on it gets. A failure is a value rather than a
     * failed future so that Caffeine does not log each one (an outage would flood the log); it is removed at once.
     */
    private record Answer(User user, Throwable failure) {
    }

    private final UserStore source;
    private final AsyncCache<Key, Answer> cache;

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
        CompletableFuture<Answer> present = cache.getIfPresent(key);
        Answer warm = present != null && present.isDone() && !present.isCompletedExceptionally() ? present.getNow(null) : null;
        if (warm != null && warm.user() != null) {
            return Mono.just(warm.user()); // a warm entry: no scheduling, no database
        }
        // "no such user" completes with null, which Caffeine does not keep
        CompletableFuture<Answer> future = cache.get(key, (k, executor) -> lookup.apply(value)
                .map(user -> new Answer(user, null))
                .onErrorResume(failure -> Mono.just(new Answer(null, failure)))
                .toFuture());
        // suppressCancel: one caller giving up must not cancel the look-up the others wait for
        return Mono.fromFuture(future, true).flatMap(answer -> {
            if (answer.failure() != null) {
                cache.asMap().remove(key, future);
                return Mono.error(answer.failure());
            }
            return Mono.just(answer.user());
        });
    }
}
