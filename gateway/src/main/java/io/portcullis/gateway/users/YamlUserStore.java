package io.portcullis.gateway.users;

import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import reactor.core.publisher.Mono;

/** users.yaml, already in memory: every answer is complete when returned (no scheduling, no I/O). */
record YamlUserStore(Users users) implements UserStore {

    @Override
    public Mono<User> byUsername(String username) {
        return Mono.justOrEmpty(users.byUsername(username));
    }

    @Override
    public Mono<User> byId(String id) {
        return Mono.justOrEmpty(users.byId(id));
    }

    @Override
    public Mono<User> byToken(String key) {
        return Mono.empty();
    }

    @Override
    public PasswordFormat passwordFormat() {
        return PasswordFormat.SPRING;
    }
}
