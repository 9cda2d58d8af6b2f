package io.portcullis.gateway.authn;

import io.portcullis.gateway.users.UserStore;
import io.portcullis.policy.model.User;
import io.portcullis.policy.password.DjangoPasswords;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.util.Optional;

/**
 * Checks passwords against the user store's hashes: users.yaml's Spring Security {@code {id}hash} values
 * (DelegatingPasswordEncoder: bcrypt, argon2, ...) or a Django database's {@code algorithm$...} values. Hashing is slow
 * on purpose, so it runs on a bounded scheduler, never on an event loop (the look-up before it may well be I/O). Unknown
 * and inactive users are checked against a dummy hash of the store's own format, so every failure costs the same time
 * and looks the same.
 */
public final class Passwords {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final String dummyHash = encoder.encode("portcullis-dummy-password");
    private final Scheduler scheduler;
    /** A Django hash seen lately: an unknown user costs what one of that database's users does (iterations, algorithm). */
    private volatile String djangoCost;

    public Passwords(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Emits the active user whose password matches, or completes empty (any failure, all alike); fails as the store
     * fails when it cannot answer.
     */
    public Mono<User> check(UserStore store, String username, String password) {
        return store.byUsername(username).map(Optional::of).defaultIfEmpty(Optional.empty())
                .publishOn(scheduler)
                .mapNotNull(user -> {
                    boolean matches = user.isPresent() ? matches(password, user.get().passwordHash())
                            : dummyCheck(store.passwordFormat(), password);
                    return user.filter(u -> matches && u.active()).orElse(null);
                });
    }

    private boolean matches(String password, String hash) {
        if (DjangoPasswords.isDjangoEncoded(hash)) {
            djangoCost = hash;
            return DjangoPasswords.matches(password, hash);
        }
        try {
            return encoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean dummyCheck(UserStore.PasswordFormat format, String password) {
        if (format == UserStore.PasswordFormat.DJANGO) {
            String like = djangoCost;
            if (like == null) {
                DjangoPasswords.dummyVerify(password);
            } else {
                DjangoPasswords.dummyVerify(password, like);
            }
            return false;
        }
        encoder.matches(password, dummyHash);
        return false;
    }
}
