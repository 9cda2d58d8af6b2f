package io.portcullis.gateway.authn;

import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.util.Optional;

/**
 * Checks passwords against users.yaml hashes (Spring Security's DelegatingPasswordEncoder: bcrypt, argon2, ...).
 * bcrypt is slow on purpose, so it runs on a bounded scheduler, never on an event loop. Unknown and inactive users are
 * checked against a dummy hash, so every failure costs the same time and looks the same.
 */
public final class Passwords {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final String dummyHash = encoder.encode("portcullis-dummy-password");
    private final Scheduler scheduler;

    public Passwords(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Emits the active user whose password matches, or completes empty (any failure, all alike). */
    public Mono<User> check(Users users, String username, String password) {
        return Mono.fromCallable(() -> {
            Optional<User> user = users.byUsername(username);
            String hash = user.map(User::passwordHash).orElse(dummyHash);
            boolean matches = safeMatches(password, hash);
            return user.filter(u -> matches && u.active()).orElse(null);
        }).subscribeOn(scheduler);
    }

    private boolean safeMatches(String password, String hash) {
        try {
            return encoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
