package io.portcullis.gateway.tokens;

import io.portcullis.policy.token.MovableClock;

import java.time.Duration;
import java.time.Instant;

/** The store contract on the in-memory store; time passes on its clock. */
class MemoryTokenStoreTest extends TokenStoreContractTest {

    private final MovableClock clock = new MovableClock(Instant.now());
    private final MemoryTokenStore store = new MemoryTokenStore(clock, 1000);

    @Override
    TokenStore store() {
        return store;
    }

    @Override
    void age(String jti, String family, Duration by) {
        clock.advance(by);
    }
}
