package io.portcullis.gateway.users;

import io.portcullis.policy.model.User;
import reactor.core.publisher.Mono;

/**
 * Where the users behind credentials are looked up (Django's authentication backends: one contract, one implementation
 * per source, chosen when the policy loads). Each look-up emits the user, completes empty when there is none, or fails
 * with {@link io.portcullis.gateway.tokens.StoreUnavailableException} when the source cannot answer in time: never a
 * guess. Inactive users are emitted like the others; callers refuse them.
 */
public interface UserStore {

    Mono<User> byUsername(String username);

    Mono<User> byId(String id);

    /** The user of a DRF authtoken key kept by the source ({@code Authorization: Token}); empty when it keeps none. */
    Mono<User> byToken(String key);

    /** How the source encodes passwords, so that an unknown user costs what a known one does. */
    PasswordFormat passwordFormat();

    enum PasswordFormat {
        /** Spring Security's {@code {id}hash} (users.yaml). */
        SPRING,
        /** Django's {@code algorithm$...} (a Django database). */
        DJANGO
    }
}
