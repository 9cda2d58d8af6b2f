package io.portcullis.gateway.issuers;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.Identities;
import io.portcullis.policy.token.IssuerKeys;
import io.portcullis.policy.token.IssuerUnavailableException;
import io.portcullis.policy.token.TestIssuerKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** Reloads keep the key sources of unchanged issuers, start new ones, and close the ones removed or changed. */
class IssuerRegistryTest {

    private static final Duration LEEWAY = Duration.ofSeconds(30);

    /** A key source that records whether it was closed. */
    private static final class ClosableKeys implements IssuerKeys, AutoCloseable {
        private final IssuerKeys keys = new TestIssuerKeys("sso");
        private volatile boolean closed;

        @Override
        public Optional<Key> find(String kid, String algorithm) throws IssuerUnavailableException {
            return keys.find(kid, algorithm);
        }

        @Override
        public CompletionStage<Boolean> refreshForUnknownKid() {
            return keys.refreshForUnknownKid();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<ClosableKeys> started = new ArrayList<>();
    private final IssuerRegistry registry = new IssuerRegistry(issuer -> {
        ClosableKeys keys = new ClosableKeys();
        started.add(keys);
        return keys;
    }, Clock.systemUTC());

    private static Issuer sso(String jwksUrl) {
        return new Issuer("sso", "https://sso.example.com", List.of("RS256"), null, URI.create(jwksUrl), false, false,
                null, null, "sub", Identities.CLAIMS, null);
    }

    @Test
    void syncWhenIssuerUnchangedThenKeepsItsKeysAndVerifier() {
        registry.sync(List.of(sso("https://sso.example.com/keys")));
        var before = registry.verifier(sso("https://sso.example.com/keys"), LEEWAY).orElseThrow();

        registry.sync(List.of(sso("https://sso.example.com/keys")));

        assertThat(started).hasSize(1);
        assertThat(registry.verifier(sso("https://sso.example.com/keys"), LEEWAY)).containsSame(before);
    }

    @Test
    void syncWhenIssuerChangedThenNewKeysAndOldOnesClosed() {
        registry.sync(List.of(sso("https://sso.example.com/keys")));

        registry.sync(List.of(sso("https://sso.example.com/rotated-keys")));

        assertThat(started).hasSize(2);
        assertThat(started.get(0).closed).isTrue();
        assertThat(started.get(1).closed).isFalse();
        assertThat(registry.verifier(sso("https://sso.example.com/keys"), LEEWAY)).isEmpty();
    }

    @Test
    void syncWhenIssuerRemovedThenItsKeysAreClosed() {
        registry.sync(List.of(sso("https://sso.example.com/keys")));

        registry.sync(List.of());

        assertThat(started.get(0).closed).isTrue();
    }

    @Test
    void verifierWhenLeewayChangesThenRebuiltOverTheSameKeys() {
        registry.sync(List.of(sso("https://sso.example.com/keys")));
        var before = registry.verifier(sso("https://sso.example.com/keys"), LEEWAY).orElseThrow();

        var after = registry.verifier(sso("https://sso.example.com/keys"), Duration.ofSeconds(5)).orElseThrow();

        assertThat(after).isNotSameAs(before);
        assertThat(after.keys()).isSameAs(before.keys());
    }

    @Test
    void closeClosesEveryKeySource() {
        registry.sync(List.of(sso("https://sso.example.com/keys")));

        registry.close();

        assertThat(started.get(0).closed).isTrue();
    }
}
