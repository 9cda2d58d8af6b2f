package io.portcullis.gateway.tokens;

import io.portcullis.policy.token.JwtIssuer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh-token rotation with a reuse interval (DESIGN.md "A refresh that failed can be retried"), written once and
 * run for every {@link TokenStore}.
 */
abstract class TokenStoreContractTest {

    static final Duration INTERVAL = Duration.ofSeconds(30);

    final String family = JwtIssuer.newId();
    final String jti = JwtIssuer.newId();

    abstract TokenStore store();

    /** Makes the rotation of {@code jti} {@code by} older, as if that much time had passed on the store's clock. */
    abstract void age(String jti, String family, Duration by);

    Rotation rotate(String jti, Duration interval) {
        Instant expiry = Instant.now().plus(Duration.ofDays(1));
        return store().rotate(jti, family, expiry, expiry, interval).block();
    }

    void blacklist(String jti) {
        Instant expiry = Instant.now().plus(Duration.ofDays(1));
        store().revoke(jti, expiry, family, expiry).block();
    }

    @Test
    void rotateWhenFirstPresentedThenRotatedAndNoLongerUsable() {
        assertThat(rotate(jti, INTERVAL)).isEqualTo(Rotation.ROTATED);
        assertThat(store().usable(jti, family).block()).isFalse();
    }

    @Test
    void rotateWhenPresentedAgainWithinTheIntervalThenGraced() {
        rotate(jti, INTERVAL);
        age(jti, family, INTERVAL.minusSeconds(1));

        assertThat(rotate(jti, INTERVAL)).isEqualTo(Rotation.GRACED);
    }

    @Test
    void rotateWhenGracedThenTheFamilyIsNotRevoked() {
        rotate(jti, INTERVAL);
        rotate(jti, INTERVAL);

        String successor = JwtIssuer.newId();
        assertThat(store().usable(successor, family).block()).isTrue();
        assertThat(rotate(successor, INTERVAL)).isEqualTo(Rotation.ROTATED);
    }

    @Test
    void rotateWhenPresentedAgainOnceTheIntervalHasPassedThenReusedAndTheFamilyRevoked() {
        rotate(jti, INTERVAL);
        age(jti, family, INTERVAL);

        assertThat(rotate(jti, INTERVAL)).isEqualTo(Rotation.REUSED);
        assertThat(rotate(JwtIssuer.newId(), INTERVAL)).isEqualTo(Rotation.REVOKED);
    }

    @Test
    void rotateWhenIntervalIsZeroThenEveryReuseRevokes() {
        rotate(jti, Duration.ZERO);

        assertThat(rotate(jti, Duration.ZERO)).isEqualTo(Rotation.REUSED);
    }

    @Test
    void rotateWhenBlacklistedThenRevokedEvenWithinTheInterval() {
        blacklist(jti);

        assertThat(rotate(jti, INTERVAL)).isEqualTo(Rotation.REVOKED);
    }

    @Test
    void rotateWhenTheFamilyWasRevokedThenRevokedEvenWithinTheInterval() {
        rotate(jti, INTERVAL);
        blacklist(JwtIssuer.newId());

        assertThat(rotate(jti, INTERVAL)).isEqualTo(Rotation.REVOKED);
    }

    @Test
    void rotateWhenTwentyPresentTheSameTokenAtOnceThenOneRotatesAndTheOthersAreGraced() {
        List<Rotation> outcomes = Flux.range(0, 20)
                .flatMap(i -> store().rotate(jti, family, Instant.now().plusSeconds(60), Instant.now().plusSeconds(60), INTERVAL)
                        .subscribeOn(Schedulers.parallel()))
                .collectList().block();

        assertThat(outcomes).filteredOn(outcome -> outcome == Rotation.ROTATED).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> outcome == Rotation.GRACED).hasSize(19);
    }
}
