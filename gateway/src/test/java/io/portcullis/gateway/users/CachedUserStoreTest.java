package io.portcullis.gateway.users;

import io.portcullis.gateway.tokens.StoreUnavailableException;
import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class CachedUserStoreTest {

    private static final User ALICE = new User("alice", "1", "pbkdf2_sha256$1$s$h", List.of(), false, true, Map.of());
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A source answering every look-up with {@code answer}, counting the look-ups. */
    private record CountingSource(AtomicInteger lookups, Function<String, Mono<User>> answer) implements UserStore {
        CountingSource(Function<String, Mono<User>> answer) {
            this(new AtomicInteger(), answer);
        }

        private Mono<User> lookUp(String value) {
            return Mono.defer(() -> {
                lookups.incrementAndGet();
                return answer.apply(value);
            });
        }

        @Override
        public Mono<User> byUsername(String username) {
            return lookUp(username);
        }

        @Override
        public Mono<User> byId(String id) {
            return lookUp(id);
        }

        @Override
        public Mono<User> byToken(String key) {
            return lookUp(key);
        }

        @Override
        public PasswordFormat passwordFormat() {
            return PasswordFormat.DJANGO;
        }
    }

    @Test
    void byIdWhenCachedThenNoSecondLookUp() {
        CountingSource source = new CountingSource(value -> Mono.just(ALICE));
        CachedUserStore store = new CachedUserStore(source, Duration.ofMinutes(1));

        store.byId("1").block(WAIT);
        User again = store.byId("1").block(WAIT);

        assertThat(again).isEqualTo(ALICE);
        assertThat(source.lookups()).hasValue(1);
    }

    @Test
    void byIdWhenConcurrentMissesThenOneLookUpAnswersBoth() {
        Sinks.One<User> answer = Sinks.one();
        CountingSource source = new CountingSource(value -> answer.asMono());
        CachedUserStore store = new CachedUserStore(source, Duration.ofMinutes(1));

        var first = store.byId("1").toFuture();
        var second = store.byId("1").toFuture();
        answer.tryEmitValue(ALICE);

        assertThat(first.join()).isEqualTo(ALICE);
        assertThat(second.join()).isEqualTo(ALICE);
        assertThat(source.lookups()).hasValue(1);
    }

    @Test
    void byUsernameWhenNoSuchUserThenNotCached() {
        CountingSource source = new CountingSource(value -> Mono.empty());
        CachedUserStore store = new CachedUserStore(source, Duration.ofMinutes(1));

        assertThat(store.byUsername("nobody").block(WAIT)).isNull();
        assertThat(store.byUsername("nobody").block(WAIT)).isNull();

        assertThat(source.lookups()).hasValue(2);
    }

    @Test
    void byTokenWhenTheSourceFailsThenTheFailureIsNotCached() {
        AtomicInteger calls = new AtomicInteger();
        CountingSource source = new CountingSource(value -> calls.incrementAndGet() == 1
                ? Mono.error(new StoreUnavailableException("user store look-up", null)) : Mono.just(ALICE));
        CachedUserStore store = new CachedUserStore(source, Duration.ofMinutes(1));

        Throwable failure = catchThrowable(() -> store.byToken("key").block(WAIT));
        User recovered = store.byToken("key").block(WAIT);

        assertThat(failure).isInstanceOf(StoreUnavailableException.class);
        assertThat(recovered).isEqualTo(ALICE);
    }

    @Test
    void byIdWhenTheEntryExpiredThenLookedUpAgain() throws InterruptedException {
        CountingSource source = new CountingSource(value -> Mono.just(ALICE));
        CachedUserStore store = new CachedUserStore(source, Duration.ofMillis(50));

        store.byId("1").block(WAIT);
        Thread.sleep(120);
        store.byId("1").block(WAIT);

        assertThat(source.lookups()).hasValue(2);
    }
}
